package jp.callmail.infrastructure.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When to try a mail again after a temporary failure (SPEC §5: transient failures are retried with
 * back-off).
 *
 * <p>The delay grows geometrically so that a relay that is down for a minute is retried quickly,
 * while one that is down for hours is not hammered; it is capped so that a mail is still retried
 * regularly once the relay is back. After the give-up age a mail is no longer retried and is
 * recorded as failed, for an operator to see and re-send. The schedule is a pure function of the
 * attempt count and the times stored with the mail, so that any instance of a cluster, or one
 * restarted, computes the same next attempt from the database row alone.
 *
 * <p>Delays are computed at millisecond resolution.
 *
 * @param firstDelay delay after the first failed attempt, at least 1 ms (default 30 s)
 * @param multiplier factor between successive delays, finite and at least 1; 1 gives a fixed delay
 *     (default 2)
 * @param maxDelay the longest delay between two attempts, not shorter than {@code firstDelay}
 *     (default 1 h)
 * @param giveUpAge how long after it was first queued a mail is given up, positive (default 24 h)
 */
public record RetrySchedule(
    Duration firstDelay, double multiplier, Duration maxDelay, Duration giveUpAge) {

  /** 30 s, 60 s, 120 s, … capped at 1 h; given up 24 h after the mail was first queued. */
  public static final RetrySchedule DEFAULT =
      new RetrySchedule(Duration.ofSeconds(30), 2, Duration.ofHours(1), Duration.ofHours(24));

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException with a message naming the setting and the value given
   */
  public RetrySchedule {
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(giveUpAge, "giveUpAge");
    if (firstDelay.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "The first retry delay must be at least 1 ms, was " + firstDelay);
    }
    if (!Double.isFinite(multiplier) || multiplier < 1) {
      throw new IllegalArgumentException(
          "The retry delay multiplier must be a finite number of at least 1 (1 keeps the delay"
              + " fixed), was "
              + multiplier);
    }
    if (maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException(
          "The maximum retry delay ("
              + maxDelay
              + ") must not be shorter than the first retry delay ("
              + firstDelay
              + ")");
    }
    if (giveUpAge.isNegative() || giveUpAge.isZero()) {
      throw new IllegalArgumentException(
          "The age at which a mail is given up must be positive, was " + giveUpAge);
    }
    try {
      maxDelay.toMillis();
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException(
          "The maximum retry delay is too long to count in milliseconds: " + maxDelay, tooLong);
    }
  }

  /**
   * The delay before the next attempt: {@code firstDelay × multiplier^(failedAttempts − 1)}, capped
   * at {@code maxDelay}. Any attempt count is safe: a product too large for a {@code long}, or for
   * a {@code double}, is simply the cap.
   *
   * @param failedAttempts how many attempts have failed so far, at least 1
   */
  public Duration delayAfter(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException(
          "A retry is only scheduled after a failed attempt; failedAttempts was " + failedAttempts);
    }
    double millis = firstDelay.toMillis() * Math.pow(multiplier, failedAttempts - 1.0);
    if (millis >= maxDelay.toMillis()) {
      return maxDelay;
    }
    return Duration.ofMillis((long) millis);
  }

  /**
   * When to make the next attempt after a temporary failure.
   *
   * <p>Empty once the mail is as old as the give-up age ({@code now − firstQueuedAt ≥ giveUpAge}):
   * the mail is then to be recorded as failed. Otherwise {@code now} plus {@link #delayAfter(int)},
   * but never later than the give-up age, so that the last attempt is made right at it rather than
   * a mail being tried a full delay after it should have been given up. A {@code now} before {@code
   * firstQueuedAt} (clocks of two instances slightly apart) counts as age zero.
   *
   * @param failedAttempts how many attempts have failed so far, at least 1
   * @param firstQueuedAt when the mail was first queued
   * @param now the current time
   * @return the time of the next attempt, or empty to give up
   */
  public Optional<Instant> nextAttempt(int failedAttempts, Instant firstQueuedAt, Instant now) {
    Objects.requireNonNull(firstQueuedAt, "firstQueuedAt");
    Objects.requireNonNull(now, "now");
    Duration delay = delayAfter(failedAttempts);
    Instant giveUpAt = firstQueuedAt.plus(giveUpAge);
    if (!now.isBefore(giveUpAt)) {
      return Optional.empty();
    }
    Duration untilGiveUp = Duration.between(now, giveUpAt);
    return Optional.of(now.plus(delay.compareTo(untilGiveUp) < 0 ? delay : untilGiveUp));
  }
}
