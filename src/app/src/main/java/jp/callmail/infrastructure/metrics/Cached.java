package jp.callmail.infrastructure.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A value computed at most once per time-to-live, so that a scraper polling {@code /metrics} every
 * second costs the database one query every few seconds. Thread-safe; a failed computation is not
 * cached and is thrown to the caller.
 */
public final class Cached<T> implements Supplier<T> {

  private final Supplier<T> source;
  private final Duration ttl;
  private final Clock clock;
  private T value;
  private Instant computedAt;

  public Cached(Supplier<T> source, Duration ttl, Clock clock) {
    this.source = source;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized T get() {
    Instant now = clock.instant();
    if (computedAt == null || !now.isBefore(computedAt.plus(ttl))) {
      value = source.get();
      computedAt = now;
    }
    return value;
  }
}
