package jp.callmail.domain.model.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.credential.LoginOutcome;
import jp.callmail.domain.model.credential.PasswordHasher;
import org.junit.jupiter.api.Test;

/** Each option of a line has its own addresses, 開始/停止 and passwords, under the same rules. */
class OptionSettingsTest {

  private final ServiceLine line =
      new ServiceLine(new Contract("C-1", "テスト"), "0312345678", null, ZoneId.of("Asia/Tokyo"));

  private static RecipientSpec address(String address, boolean send) {
    return new RecipientSpec(address, send, MailForm.PC, MailCharset.UTF_8);
  }

  @Test
  void eachOptionKeepsItsOwnFiveAddresses() {
    line.changeOptions(true, true);
    line.replaceRecipients(
        ServiceOption.CALL_MAIL,
        List.of(address("call@example.jp", true), address("both@example.jp", true)));
    line.replaceRecipients(
        ServiceOption.FAX_MAIL,
        List.of(address("both@example.jp", true), address("fax@example.jp", false)));

    assertThat(line.getRecipients())
        .extracting(Recipient::getAddress)
        .containsExactly("call@example.jp", "both@example.jp");
    assertThat(line.recipients(ServiceOption.FAX_MAIL))
        .extracting(Recipient::getAddress, Recipient::isSendEnabled, Recipient::getOption)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("both@example.jp", true, ServiceOption.FAX_MAIL),
            org.assertj.core.groups.Tuple.tuple("fax@example.jp", false, ServiceOption.FAX_MAIL));

    line.replaceRecipients(ServiceOption.FAX_MAIL, List.of(address("fax@example.jp", true)));
    assertThat(line.getRecipients()).hasSize(2);
    assertThat(line.recipients(ServiceOption.FAX_MAIL))
        .extracting(Recipient::getAddress)
        .containsExactly("fax@example.jp");
  }

  @Test
  void theFaxOptionHasTheSameLimitOfFiveAddresses() {
    line.changeOptions(true, true);
    List<RecipientSpec> six =
        List.of(
            address("a@example.jp", true),
            address("b@example.jp", true),
            address("c@example.jp", true),
            address("d@example.jp", true),
            address("e@example.jp", true),
            address("f@example.jp", true));
    assertThatThrownBy(() -> line.replaceRecipients(ServiceOption.FAX_MAIL, six))
        .isInstanceOfSatisfying(
            RuleViolation.class, v -> assertThat(v.rule()).isEqualTo("max-recipients"));
  }

  @Test
  void theFaxOptionStartsOnlyWhenContractedAndWithAnAddressOfItsOwn() {
    line.replaceRecipients(ServiceOption.CALL_MAIL, List.of(address("call@example.jp", true)));
    assertThatThrownBy(() -> line.start(ServiceOption.FAX_MAIL))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            v -> {
              assertThat(v.rule()).isEqualTo("option-not-contracted");
              assertThat(v.getMessage()).contains("FAXお知らせメールのご契約がありません");
            });

    line.changeOptions(true, true);
    assertThatThrownBy(() -> line.start(ServiceOption.FAX_MAIL))
        .isInstanceOfSatisfying(
            RuleViolation.class, v -> assertThat(v.rule()).isEqualTo("recipient-required"));

    line.replaceRecipients(ServiceOption.FAX_MAIL, List.of(address("fax@example.jp", true)));
    line.start(ServiceOption.FAX_MAIL);
    assertThat(line.isActive(ServiceOption.FAX_MAIL)).isTrue();
    assertThat(line.isActive()).as("the call mail stays stopped").isFalse();
    assertThat(line.faxMailStarted()).isTrue();

    assertThatThrownBy(
            () -> line.replaceRecipients(ServiceOption.FAX_MAIL, Collections.emptyList()))
        .isInstanceOfSatisfying(
            RuleViolation.class, v -> assertThat(v.rule()).isEqualTo("recipient-required"));

    line.changeOptions(true, false);
    assertThat(line.isActive(ServiceOption.FAX_MAIL)).as("option removed: stopped").isFalse();
    assertThat(line.faxMailStarted()).isFalse();
  }

  @Test
  void eachOptionHasItsOwnPasswords() {
    PasswordHasher hasher = new PasswordHasher(1000);
    Instant now = Instant.parse("2026-11-25T14:59:08Z");
    line.changeOptions(true, true);
    line.credentials(ServiceOption.FAX_MAIL).setTemporary("12*45678", now, hasher);

    assertThat(line.credentials(ServiceOption.FAX_MAIL).login("12*45678", now, hasher))
        .isEqualTo(LoginOutcome.MUST_CHANGE_PASSWORD);
    assertThat(line.credentials().login("12*45678", now, hasher))
        .as("the fax password does not open the call mail's portal")
        .isEqualTo(LoginOutcome.REFUSED);
    assertThat(line.credentials().failedLogins()).isEqualTo(1);
    assertThat(line.credentials(ServiceOption.FAX_MAIL).failedLogins()).isZero();
  }
}
