package jp.callmail.domain.model.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.credential.PasswordHasher;
import org.junit.jupiter.api.Test;

class OperatorAccountTest {

  private final PasswordHasher hasher = new PasswordHasher(1000);
  private final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
  private final Duration lock = Duration.ofMinutes(15);

  @Test
  void fiveWrongPasswordsLockTheAccountForAWhileEvenAgainstTheRightOne() {
    OperatorAccount a = account(OperatorRole.SUPPORT);
    for (int i = 1; i < OperatorAccount.MAX_FAILURES; i++) {
      assertThat(a.login("wrong password!", t0, hasher, lock))
          .isEqualTo(OperatorLoginOutcome.REFUSED);
    }
    assertThat(a.login("wrong password!", t0, hasher, lock)).isEqualTo(OperatorLoginOutcome.LOCKED);
    assertThat(a.login("correct horse battery", t0.plusSeconds(60), hasher, lock))
        .isEqualTo(OperatorLoginOutcome.LOCKED);
    assertThat(a.login("correct horse battery", t0.plus(lock), hasher, lock))
        .isEqualTo(OperatorLoginOutcome.ACCEPTED);
    assertThat(a.lastLoginAt()).isEqualTo(t0.plus(lock));
  }

  @Test
  void aResetLiftsTheLockAndADisabledAccountIsRefused() {
    OperatorAccount a = account(OperatorRole.AUDITOR);
    for (int i = 0; i < OperatorAccount.MAX_FAILURES; i++) {
      a.login("nope nope nope", t0, hasher, lock);
    }
    a.issuePassword("a new long passphrase", t0.plusSeconds(3600), hasher);
    assertThat(a.login("a new long passphrase", t0, hasher, lock))
        .isEqualTo(OperatorLoginOutcome.ACCEPTED);
    a.disable();
    assertThat(a.login("a new long passphrase", t0, hasher, lock))
        .isEqualTo(OperatorLoginOutcome.DISABLED);
  }

  @Test
  void anIssuedPasswordMustBeReplacedAndExpiresUnused() {
    OperatorAccount a =
        new OperatorAccount(
            "suzuki", "issued-Pass-1234", OperatorRole.SUPPORT, t0, t0.plusSeconds(3600), hasher);
    assertThat(a.mustChangePassword()).isTrue();
    assertThat(a.login("issued-Pass-1234", t0.plusSeconds(3600), hasher, lock))
        .as("at its expiry")
        .isEqualTo(OperatorLoginOutcome.EXPIRED);
    assertThat(a.login("issued-Pass-1234", t0.plusSeconds(60), hasher, lock))
        .isEqualTo(OperatorLoginOutcome.ACCEPTED);

    assertThatThrownBy(() -> a.changePassword("wrong one", "my own passphrase", hasher))
        .hasFieldOrPropertyWithValue("rule", "operator-current-password");
    assertThatThrownBy(() -> a.changePassword("issued-Pass-1234", "issued-Pass-1234", hasher))
        .hasFieldOrPropertyWithValue("rule", "operator-password-same");
    assertThatThrownBy(() -> a.changePassword("issued-Pass-1234", "Suzuki-passphrase", hasher))
        .hasFieldOrPropertyWithValue("rule", "operator-password-username");
    assertThatThrownBy(() -> a.changePassword("issued-Pass-1234", "too short", hasher))
        .hasFieldOrPropertyWithValue("rule", "operator-password");
    assertThat(a.mustChangePassword()).as("nothing changed by a refused change").isTrue();

    a.changePassword("issued-Pass-1234", "my own passphrase", hasher);
    assertThat(a.mustChangePassword()).isFalse();
    assertThat(a.login("my own passphrase", t0.plusSeconds(999_999), hasher, lock))
        .as("a chosen password does not expire")
        .isEqualTo(OperatorLoginOutcome.ACCEPTED);
    assertThat(a.login("issued-Pass-1234", t0, hasher, lock))
        .isEqualTo(OperatorLoginOutcome.REFUSED);
  }

  @Test
  void namesAndPasswordsFollowTheRules() {
    assertThatThrownBy(
            () ->
                new OperatorAccount("Bad Name", "long enough pass", OperatorRole.ADMIN, t0, hasher))
        .isInstanceOf(RuleViolation.class)
        .hasFieldOrPropertyWithValue("rule", "operator-username");
    assertThatThrownBy(() -> new OperatorAccount("sato", "short", OperatorRole.ADMIN, t0, hasher))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void rolesAllowWhatTheIssueSays() {
    assertThat(OperatorRole.ADMIN.may(OperatorPermission.ADMIN)).isTrue();
    assertThat(OperatorRole.SUPPORT.may(OperatorPermission.SUPPORT)).isTrue();
    assertThat(OperatorRole.SUPPORT.may(OperatorPermission.ADMIN)).isFalse();
    assertThat(OperatorRole.AUDITOR.may(OperatorPermission.READ)).isTrue();
    assertThat(OperatorRole.AUDITOR.may(OperatorPermission.SUPPORT)).isFalse();
    assertThat(OperatorRole.SUPPORT.group()).isEqualTo("support");
  }

  private OperatorAccount account(OperatorRole role) {
    return new OperatorAccount("sato.k", "correct horse battery", role, t0, hasher);
  }
}
