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
    a.resetPassword("a new long passphrase", hasher);
    assertThat(a.login("a new long passphrase", t0, hasher, lock))
        .isEqualTo(OperatorLoginOutcome.ACCEPTED);
    a.disable();
    assertThat(a.login("a new long passphrase", t0, hasher, lock))
        .isEqualTo(OperatorLoginOutcome.DISABLED);
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
