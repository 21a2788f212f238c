package jp.callmail.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date before anything uses it. The SQL files under {@code db/}
 * are the one source of truth; Flyway's own lock keeps two instances from migrating at once.
 * Bean-managed transactions, because Flyway commits each migration itself. The few steps that SQL
 * cannot say the same way on H2 and PostgreSQL are Java migrations, listed in {@link #javaMigrations()}.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** Java migrations, given to Flyway by instance: no class-path scanning inside the server. */
  public static JavaMigration[] javaMigrations() {
    return new JavaMigration[] {new V8_1__Call_id_hash_backfill()};
  }

  @Resource(lookup = "jdbc/callmail")
  private DataSource dataSource;

  @Inject
  @ConfigProperty(name = "callmail.db.dev-seed", defaultValue = "false")
  private boolean devSeed;

  @PostConstruct
  void migrate() {
    String[] locations = devSeed
        ? new String[] {"classpath:db/migration", "classpath:db/dev"}
        : new String[] {"classpath:db/migration"};
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations(locations)
            .javaMigrations(javaMigrations())
            .ignoreMigrationPatterns("*:missing")
            .load()
            .migrate();
    LOG.info(() -> "Database schema at version " + result.targetSchemaVersion
        + " (" + result.migrationsExecuted + " migrations applied" + (devSeed ? ", with dev seed" : "") + ")");
  }
}
