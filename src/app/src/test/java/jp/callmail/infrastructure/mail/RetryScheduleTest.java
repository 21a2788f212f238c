package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {

  private static final RetrySchedule DEFAULT = RetrySchedule.DEFAULT;
  private static final Instant QUEUED = Instant.parse("2025-04-01T00:00:00Z");

  @Test
  void defaultsAreThirtySecondsDoublingUpToAnHourForADay() {
    assertThat(DEFAULT.firstDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(DEFAULT.multiplier()).isEqualTo(2.0);
    assertThat(DEFAULT.maxDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULT.giveUpAge()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void delaysDoubleFromThirtySecondsAndStopAtTheHour() {
    assertThat(IntStream.rangeClosed(1, 10).mapToObj(DEFAULT::delayAfter))
        .extracting(Duration::toSeconds)
        .containsExactly(30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L, 3600L);
  }

  @Test
  void theNextAttemptIsNowPlusTheDelay() {
    Instant now = QUEUED.plusSeconds(95);

    assertThat(DEFAULT.nextAttempt(3, QUEUED, now)).contains(now.plusSeconds(120));
  }

  @ParameterizedTest
  @ValueSource(ints = {31, 32, 63, 64, 65, 1_000, 1_075, 1_076, Integer.MAX_VALUE})
  void aLargeAttemptCountIsTheCapNotAnOverflow(int failedAttempts) {
    assertThat(DEFAULT.delayAfter(failedAttempts)).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULT.nextAttempt(failedAttempts, QUEUED, QUEUED.plusSeconds(10)))
        .contains(QUEUED.plusSeconds(10).plus(Duration.ofHours(1)));
  }

  @Test
  void givesUpExactlyAtTheGiveUpAge() {
    Instant giveUpAt = QUEUED.plus(Duration.ofHours(24));

    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt)).isEmpty();
    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.plusNanos(1))).isEmpty();
    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.plus(Duration.ofDays(3)))).isEmpty();
  }

  @Test
  void justBeforeTheGiveUpAgeTheLastAttemptIsAtTheGiveUpAge() {
    Instant giveUpAt = QUEUED.plus(Duration.ofHours(24));

    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.minusMillis(1))).contains(giveUpAt);
    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.minusSeconds(600))).contains(giveUpAt);
    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.minusSeconds(3600))).contains(giveUpAt);
    assertThat(DEFAULT.nextAttempt(40, QUEUED, giveUpAt.minusSeconds(3601)))
        .contains(giveUpAt.minusSeconds(1));
  }

  @Test
  void aClockSlightlyBehindTheQueueTimeStillSchedules() {
    Instant now = QUEUED.minusSeconds(2);

    assertThat(DEFAULT.nextAttempt(1, QUEUED, now)).contains(now.plusSeconds(30));
  }

  @Test
  void followingTheScheduleGivesUpAfterADay() {
    Instant now = QUEUED;
    int failures = 0;
    while (true) {
      failures++;
      var next = DEFAULT.nextAttempt(failures, QUEUED, now);
      if (next.isEmpty()) {
        break;
      }
      assertThat(next.get()).isAfter(now);
      now = next.get();
    }

    assertThat(now).isEqualTo(QUEUED.plus(Duration.ofHours(24)));
    // 7 growing delays (30 s … 1920 s, 3810 s in all), 22 hourly ones, one cut short to end at the
    // 24 h mark; the attempt made there is the 31st to fail and the mail is given up.
    assertThat(failures).isEqualTo(31);
  }

  @Test
  void aMultiplierOfOneKeepsTheDelayFixed() {
    RetrySchedule fixed =
        new RetrySchedule(Duration.ofMinutes(5), 1, Duration.ofMinutes(5), Duration.ofHours(1));

    assertThat(fixed.delayAfter(1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(fixed.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aFractionalMultiplierIsHonoured() {
    RetrySchedule gentle =
        new RetrySchedule(Duration.ofSeconds(10), 1.5, Duration.ofMinutes(1), Duration.ofHours(1));

    assertThat(IntStream.rangeClosed(1, 6).mapToObj(gentle::delayAfter))
        .extracting(Duration::toMillis)
        .containsExactly(10_000L, 15_000L, 22_500L, 33_750L, 50_625L, 60_000L);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void refusesAnAttemptCountBelowOne(int failedAttempts) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.nextAttempt(failedAttempts, QUEUED, QUEUED))
        .withMessageContaining("failedAttempts was " + failedAttempts);
  }

  @Test
  void refusesMissingTimes() {
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.nextAttempt(1, null, QUEUED));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.nextAttempt(1, QUEUED, null));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}: {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PT0S   | 2   | PT1H  | PT24H | first retry delay must be at least 1 ms, was PT0S",
        "PT-1S  | 2   | PT1H  | PT24H | first retry delay must be at least 1 ms, was PT-1S",
        "PT30S  | 0.5 | PT1H  | PT24H | multiplier must be a finite number of at least 1",
        "PT30S  | NaN | PT1H  | PT24H | multiplier must be a finite number of at least 1",
        "PT30S  | Infinity | PT1H | PT24H | multiplier must be a finite number of at least 1",
        "PT30S  | 2   | PT10S | PT24H | maximum retry delay (PT10S) must not be shorter than the"
            + " first retry delay (PT30S)",
        "PT30S  | 2   | PT1H  | PT0S  | given up must be positive, was PT0S",
        "PT30S  | 2   | PT1H  | -PT1H | given up must be positive, was PT-1H",
      })
  void refusesInvalidSettingsSayingWhich(
      Duration first, double multiplier, Duration max, Duration giveUp, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetrySchedule(first, multiplier, max, giveUp))
        .withMessageContaining(message);
  }

  @Test
  void refusesAMaximumDelayTooLongToCount() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RetrySchedule(
                    Duration.ofSeconds(30),
                    2,
                    Duration.ofSeconds(Long.MAX_VALUE),
                    Duration.ofHours(24)))
        .withMessageContaining("too long");
  }

  @Test
  void refusesMissingSettings() {
    assertThatNullPointerException()
        .isThrownBy(() -> new RetrySchedule(null, 2, Duration.ofHours(1), Duration.ofHours(24)))
        .withMessage("firstDelay");
  }
}
