package jp.callmail.sip.connector.proxy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A log line that anyone on the network can trigger, written at most once a minute: the first event
 * of a minute is logged as it happens, the rest are counted and summed up (with how many sources)
 * when the next minute's first event comes. A flood of refused requests costs a line a minute.
 */
final class ThrottledLog {

  private static final long WINDOW = Duration.ofMinutes(1).toNanos();
  private static final int MAX_SOURCES_COUNTED = 10_000;

  private final Logger log;
  private final Level level;
  private final String what;
  private final LongSupplier clock;
  private long windowStart;
  private boolean started;
  private long suppressed;
  private final Set<String> sources = new HashSet<>();

  /**
   * @param what the events, plural, for the summary line (e.g. "SIP requests from non-peers refused")
   */
  ThrottledLog(Logger log, Level level, String what, LongSupplier clock) {
    this.log = log;
    this.level = level;
    this.what = what;
    this.clock = clock;
  }

  ThrottledLog(Logger log, Level level, String what) {
    this(log, level, what, System::nanoTime);
  }

  /** Notes one event from a source; logs {@code line} only if it is the first of its minute. */
  void note(String source, java.util.function.Supplier<String> line) {
    String summary = null;
    boolean first;
    synchronized (this) {
      long now = clock.getAsLong();
      first = !started || now - windowStart >= WINDOW;
      if (first) {
        if (suppressed > 0) {
          summary = suppressed + " more " + what + " in the last minute, from " + sources.size()
              + (sources.size() >= MAX_SOURCES_COUNTED ? "+" : "") + " source(s)";
        }
        started = true;
        windowStart = now;
        suppressed = 0;
        sources.clear();
      } else {
        suppressed++;
        if (sources.size() < MAX_SOURCES_COUNTED) {
          sources.add(String.valueOf(source));
        }
      }
    }
    if (summary != null) {
      log.log(level, summary);
    }
    if (first && log.isLoggable(level)) {
      log.log(level, line.get() + " (further ones this minute are counted, not logged)");
    }
  }
}
