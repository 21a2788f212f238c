package jp.callmail.sip.connector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.connector.proxy.LineLookup;

/**
 * A short-lived cache in front of the application's line lookup, so that a burst of calls to the
 * same numbers costs one database query per number per TTL. Answers that failed are not cached;
 * while the application cannot answer, the last answer for the number is used even if expired.
 */
final class LineDirectory implements LineLookup {

  private static final int MAX_ENTRIES = 200_000;

  private final Function<String, LineRoute> source;
  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(LineRoute route, long expiresAt) {}

  LineDirectory(Function<String, LineRoute> source, Duration ttl) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
  }

  @Override
  public LineRoute lookup(String calledNumber) {
    long now = System.nanoTime();
    Entry cached = entries.get(calledNumber);
    if (cached != null && now - cached.expiresAt < 0) {
      return cached.route;
    }
    LineRoute route = source.apply(calledNumber);
    if (route == null) {
      // The application could not answer (redeploying, database down): an answer that has only
      // expired is better than treating a watched line as unwatched and losing its calls.
      return cached != null ? cached.route : LineRoute.unwatched(calledNumber);
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // crude but bounded: the cache refills from the database
    }
    entries.put(calledNumber, new Entry(route, now + ttlNanos));
    return route;
  }

  /** Forgets everything, e.g. when the application that answered is undeployed. */
  void clear() {
    entries.clear();
  }
}
