package jp.callmail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.EntityManager;

/**
 * The application's layering (README, "the shape"; STYLE.md): interfaces → application → domain,
 * infrastructure beside them implementing the ports the application and the domain declare. Each
 * rule fails naming the class and the dependency that breaks it.
 */
@AnalyzeClasses(packages = "jp.callmail", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  /**
   * The domain names its own things: the adapter's contract is translated in infrastructure.sip.
   */
  @ArchTest
  static final ArchRule domainModelDoesNotKnowTheAdapter =
      noClasses()
          .that()
          .resideInAPackage("jp.callmail.domain.model..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jp.callmail.sip.api..")
          .because(
              "the SIP connector's types are translated into the domain's in infrastructure.sip");

  /** Rules use the model, never the other way round. */
  @ArchTest
  static final ArchRule domainModelDoesNotUseDomainServices =
      noClasses()
          .that()
          .resideInAPackage("jp.callmail.domain.model..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jp.callmail.domain.service..");

  @ArchTest
  static final ArchRule domainDependsOnNoOuterLayer =
      noClasses()
          .that()
          .resideInAPackage("jp.callmail.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jp.callmail.application..",
              "jp.callmail.infrastructure..",
              "jp.callmail.interfaces..");

  /** The application reaches mail, metrics and the database's quirks through its ports. */
  @ArchTest
  static final ArchRule applicationDoesNotUseInfrastructure =
      noClasses()
          .that()
          .resideInAPackage("jp.callmail.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jp.callmail.infrastructure..", "jp.callmail.interfaces..")
          .because(
              "infrastructure implements the application's ports (MailDispatch, ActivityCounters, ...)");

  /** Views and resources talk to facades with DTOs, never to the persistence context. */
  @ArchTest
  static final ArchRule interfacesDoNotUseTheEntityManager =
      noClasses()
          .that()
          .resideInAPackage("jp.callmail.interfaces..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(EntityManager.class);

  @ArchTest
  static final ArchRule noCyclesBetweenTopLevelPackages =
      slices().matching("jp.callmail.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule noCyclesBetweenInfrastructurePackages =
      slices().matching("jp.callmail.infrastructure.(*)..").should().beFreeOfCycles();
}
