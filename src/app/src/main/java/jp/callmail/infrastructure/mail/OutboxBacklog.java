package jp.callmail.infrastructure.mail;

import java.time.Duration;
import java.time.Instant;

/**
 * How far mail delivery is behind: rows waiting to be sent (PENDING or RETRYING), and how long the
 * oldest of those already due has been due. A growing age means mail is stuck (the relay is away,
 * or no instance is sending); a large count alone may just be retries scheduled for later.
 *
 * @param oldestDueAt when the oldest due row became due, or null when none is due
 */
public record OutboxBacklog(long pending, Instant oldestDueAt, Instant measuredAt) {

  /** Seconds the oldest due row has waited; 0 when nothing is due. */
  public long oldestDueAgeSeconds() {
    if (oldestDueAt == null || oldestDueAt.isAfter(measuredAt)) {
      return 0;
    }
    return Duration.between(oldestDueAt, measuredAt).toSeconds();
  }
}
