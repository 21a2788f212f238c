package jp.callmail.sip.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before trying the application again after failed attempts: doubling from {@code
 * first}, capped at {@code max}, so that a redeployment is caught within a second or two while an
 * application whose database is down for an hour is asked only every {@code max}. The adapter's
 * only back-off; there is no give-up, because the journal keeps each record until the application
 * takes it.
 *
 * @param first the delay after one failure, at least 1 ms
 * @param max the longest delay, not shorter than {@code first}
 */
record Backoff(Duration first, Duration max) {

  Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.toMillis() < 1 || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "back-off needs 1 ms <= first <= max, not " + first + " and " + max);
    }
  }

  /** The delay after {@code failures} failures in a row; {@code first} for 0 or 1. */
  Duration delay(int failures) {
    long millis = first.toMillis();
    for (int i = 1; i < failures && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
