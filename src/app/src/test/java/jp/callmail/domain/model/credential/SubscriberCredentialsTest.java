package jp.callmail.domain.model.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import jp.callmail.domain.model.RuleViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriberCredentialsTest {

  private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
  private final PasswordHasher hasher = new PasswordHasher(1_000); // fast: the rules, not the cost
  private final SubscriberCredentials credentials = new SubscriberCredentials();

  @Test
  void aTemporaryPasswordLogsInOnlyToChangeItAndExpiresAfter24Hours() {
    credentials.setTemporary("1234*678", T0, hasher);
    assertThat(credentials.login("1234*678", T0.plusSeconds(60), hasher))
        .isEqualTo(LoginOutcome.MUST_CHANGE_PASSWORD);
    assertThat(credentials.login("1234*678", T0.plus(Duration.ofHours(24)), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
  }

  @Test
  void changingFromTheTemporaryPasswordGivesARealOneAndRetiresTheTemporary() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0.plusSeconds(60), hasher);
    assertThat(credentials.login("abc123", T0.plusSeconds(61), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
    assertThat(credentials.login("1234*678", T0.plusSeconds(62), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
  }

  @Test
  void tenConsecutiveFailuresInvalidateEveryPasswordUntilANewTemporaryOne() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < 9; i++) {
      assertThat(credentials.login("wrong", T0, hasher)).isEqualTo(LoginOutcome.REFUSED);
    }
    assertThat(credentials.isLocked()).isFalse();
    assertThat(credentials.login("wrong", T0, hasher)).isEqualTo(LoginOutcome.REFUSED);
    assertThat(credentials.isLocked()).isTrue();
    assertThat(credentials.login("abc123", T0, hasher)).isEqualTo(LoginOutcome.REFUSED);

    credentials.setTemporary("9*999999", T0.plusSeconds(10), hasher);
    assertThat(credentials.isLocked()).isFalse();
    assertThat(credentials.login("9*999999", T0.plusSeconds(11), hasher))
        .isEqualTo(LoginOutcome.MUST_CHANGE_PASSWORD);
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < 9; i++) {
      credentials.login("wrong", T0, hasher);
    }
    credentials.login("abc123", T0, hasher);
    credentials.login("wrong", T0, hasher);
    assertThat(credentials.isLocked()).isFalse();
    assertThat(credentials.failedLogins()).isEqualTo(1);
  }

  @Test
  void aNewTemporaryPasswordReplacesTheEarlierOne() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.setTemporary("8765*321", T0.plusSeconds(5), hasher);
    assertThat(credentials.login("1234*678", T0.plusSeconds(6), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
    assertThat(credentials.login("8765*321", T0.plusSeconds(7), hasher))
        .isEqualTo(LoginOutcome.MUST_CHANGE_PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345678", "********", "1234*67", "1234*6789", "1234a678", ""})
  void temporaryPasswordsMustBeEightDigitsAndStarsWithAStarButNotOnlyStars(String bad) {
    assertThatThrownBy(() -> credentials.setTemporary(bad, T0, hasher))
        .isInstanceOf(RuleViolation.class)
        .extracting(e -> ((RuleViolation) e).rule())
        .isEqualTo("temporary-format");
  }

  @ParameterizedTest
  @CsvSource({
    "abc, password-length",
    "abcdefghi, password-length",
    "1234, password-not-digits-only",
    "abc-12, password-characters",
    "ａｂｃ１, password-characters",
    "12*4abcd, password-characters"
  })
  void realPasswordsFollowSpecSection7(String bad, String rule) {
    credentials.setTemporary("1234*678", T0, hasher);
    assertThatThrownBy(() -> credentials.change("1234*678", bad, bad, T0, hasher))
        .isInstanceOf(RuleViolation.class)
        .extracting(e -> ((RuleViolation) e).rule())
        .isEqualTo(rule);
  }

  @Test
  void theNewPasswordMustBeEnteredTwiceAlikeAndTheCurrentOneMustBeRight() {
    credentials.setTemporary("1234*678", T0, hasher);
    assertThatThrownBy(() -> credentials.change("1234*678", "abc123", "abc124", T0, hasher))
        .extracting(e -> ((RuleViolation) e).rule())
        .isEqualTo("password-mismatch");
    assertThatThrownBy(() -> credentials.change("0000*000", "abc123", "abc123", T0, hasher))
        .extracting(e -> ((RuleViolation) e).rule())
        .isEqualTo("current-password");
  }

  @Test
  void productionHashesUse600000IterationsAndNeverTheClearText() {
    String stored = new PasswordHasher().hash("abc123");
    assertThat(stored).startsWith("pbkdf2-sha256$600000$").doesNotContain("abc123");
    assertThat(new PasswordHasher().matches("abc123", stored)).isTrue();
    assertThat(new PasswordHasher().matches("abc124", stored)).isFalse();
  }

  @Test
  void anOperatorsUnlockRestoresTheOwnPasswordButNotTheDiscardedTemporaryOne() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    credentials.setTemporary("8765*321", T0, hasher);
    for (int i = 0; i < SubscriberCredentials.MAX_FAILURES; i++) {
      credentials.login("wrong", T0, hasher);
    }
    assertThat(credentials.isLocked()).isTrue();
    credentials.unlock();
    assertThat(credentials.isLocked()).isFalse();
    assertThat(credentials.failedLogins()).isZero();
    assertThat(credentials.login("abc123", T0.plusSeconds(1), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
    assertThat(credentials.login("8765*321", T0.plusSeconds(2), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
  }

  @Test
  void afterAnUnlockTenMoreFailuresLockAgain() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < SubscriberCredentials.MAX_FAILURES; i++) {
      credentials.login("wrong", T0, hasher);
    }
    credentials.unlock();
    for (int i = 0; i < SubscriberCredentials.MAX_FAILURES - 1; i++) {
      credentials.login("wrong", T0, hasher);
    }
    assertThat(credentials.isLocked()).isFalse();
    credentials.login("wrong", T0, hasher);
    assertThat(credentials.isLocked()).isTrue();
    assertThat(credentials.login("abc123", T0, hasher)).isEqualTo(LoginOutcome.REFUSED);
  }

  /**
   * What the temporary-password notice mail tells a subscriber who did not set it: their own
   * password still works, and changing it with that password retires the temporary one.
   */
  @Test
  void aTemporaryPasswordSomeoneElseSetIsRetiredByChangingWithTheOwnPassword() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0.plusSeconds(10), hasher);
    credentials.setTemporary("9999*999", T0.plusSeconds(20), hasher); // set by a stranger
    assertThat(credentials.login("abc123", T0.plusSeconds(30), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
    credentials.change("abc123", "xyz789", "xyz789", T0.plusSeconds(40), hasher);
    assertThat(credentials.login("9999*999", T0.plusSeconds(50), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
    assertThat(credentials.temporaryExpiresAt()).isNull();
  }

  @Test
  void aNewPasswordEqualToTheCurrentOneIsNotAChange() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0.plusSeconds(60), hasher);
    assertThatThrownBy(
            () -> credentials.change("abc123", "abc123", "abc123", T0.plusSeconds(120), hasher))
        .isInstanceOfSatisfying(
            jp.callmail.domain.model.RuleViolation.class,
            v -> assertThat(v.rule()).isEqualTo("password-unchanged"));
    assertThat(credentials.login("abc123", T0.plusSeconds(180), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
    credentials.change("abc123", "xyz789", "xyz789", T0.plusSeconds(240), hasher);
    assertThat(credentials.login("xyz789", T0.plusSeconds(300), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
  }

  /** The guide: after a lockout, the new temporary password leads to a new own password only. */
  @Test
  void aNewTemporaryPasswordAfterALockoutDoesNotBringTheOldPasswordBack() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < SubscriberCredentials.MAX_FAILURES; i++) {
      credentials.login("wrong", T0, hasher);
    }
    credentials.setTemporary("9*999999", T0.plusSeconds(10), hasher);
    assertThat(credentials.login("abc123", T0.plusSeconds(11), hasher))
        .isEqualTo(LoginOutcome.REFUSED);
    assertThat(credentials.hasPassword()).isFalse();
    assertThat(credentials.failedLogins()).isEqualTo(1);
    credentials.change("9*999999", "new123", "new123", T0.plusSeconds(12), hasher);
    assertThat(credentials.login("new123", T0.plusSeconds(13), hasher))
        .isEqualTo(LoginOutcome.ACCEPTED);
  }

  @Test
  void wrongCurrentPasswordsAtThePasswordChangeCountAsFailures() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < 5; i++) {
      credentials.login("wrong", T0, hasher);
    }
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> credentials.change("bad", "xyz789", "xyz789", T0, hasher))
          .isInstanceOfSatisfying(
              RuleViolation.class, v -> assertThat(v.rule()).isEqualTo("current-password"));
    }
    assertThat(credentials.failedLogins()).isEqualTo(9);
    assertThatThrownBy(() -> credentials.change("bad", "xyz789", "xyz789", T0, hasher))
        .isInstanceOfSatisfying(RuleViolation.class, v -> assertThat(v.rule()).isEqualTo("locked"));
    assertThat(credentials.isLocked()).isTrue();
    assertThat(credentials.login("abc123", T0, hasher)).isEqualTo(LoginOutcome.REFUSED);
  }

  @Test
  void theRightCurrentPasswordEndsAStreakOfFailures() {
    credentials.setTemporary("1234*678", T0, hasher);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    for (int i = 0; i < 9; i++) {
      credentials.login("wrong", T0, hasher);
    }
    assertThatThrownBy(() -> credentials.change("abc123", "12345", "12345", T0, hasher))
        .isInstanceOf(RuleViolation.class); // digits only: refused, but the password was right
    assertThat(credentials.failedLogins()).isZero();
  }

  @Test
  void theSessionStampChangesWithPasswordsAndLockoutsButNotWithFailures() {
    String empty = credentials.sessionStamp();
    credentials.setTemporary("1234*678", T0, hasher);
    String temporary = credentials.sessionStamp();
    assertThat(temporary).isNotEqualTo(empty).hasSize(32);
    credentials.login("wrong", T0, hasher);
    assertThat(credentials.sessionStamp()).isEqualTo(temporary);
    credentials.change("1234*678", "abc123", "abc123", T0, hasher);
    String own = credentials.sessionStamp();
    assertThat(own).isNotEqualTo(temporary);
    credentials.setTemporary("9*999999", T0, hasher);
    String withTemporary = credentials.sessionStamp();
    assertThat(withTemporary).isNotEqualTo(own);
    for (int i = 0; i < SubscriberCredentials.MAX_FAILURES; i++) {
      credentials.login("wrong", T0, hasher);
    }
    assertThat(credentials.sessionStamp()).isNotIn(own, withTemporary);
  }
}
