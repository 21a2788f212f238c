package jp.callmail.sip.connector.logging;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A log that writes at most a few lines a minute about one kind of event, and one summary line for
 * the rest ("N more ... in the last minute, from M sources; last from ...").
 *
 * <p>Events that a stranger can cause at will (malformed messages, refused connections, shed
 * requests) must not cost a log line each: 4,300 malformed datagrams once grew the log by 61 MB.
 * The first {@code linesPerMinute} events of each minute are written in full, so that an operator
 * sees what is going on; the others are only counted. The summary of a minute is written with the
 * first event after it, or by {@link #flush()} (called every minute by the proxy server), so that
 * the count of a flood that has stopped still appears.
 */
public final class RateLimitedLog {

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  /** Distinct sources counted per minute; beyond this the summary says "at least". */
  private static final int MAX_SOURCES = 10_000;

  private final Logger logger;
  private final Level level;
  private final String what;
  private final int linesPerMinute;
  private final LongSupplier nanoClock;

  private long windowStart;
  private int written;
  private long suppressed;
  private final Set<String> suppressedSources = new HashSet<>();
  private String lastSource;

  /**
   * @param what the events, plural, for the summary line (e.g. "malformed SIP messages")
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their
   *     own)
   */
  public RateLimitedLog(
      Logger logger, Level level, String what, int linesPerMinute, LongSupplier nanoClock) {
    if (linesPerMinute < 1) {
      throw new IllegalArgumentException(
          "linesPerMinute must be at least 1, not " + linesPerMinute);
    }
    this.logger = Objects.requireNonNull(logger, "logger");
    this.level = Objects.requireNonNull(level, "level");
    this.what = Objects.requireNonNull(what, "what");
    this.linesPerMinute = linesPerMinute;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.windowStart = nanoClock.getAsLong();
  }

  /**
   * Writes the line, or counts it once this minute's lines are used up.
   *
   * @param source where the event came from (e.g. "192.0.2.1:5060/UDP"), for the summary
   * @param line the complete line; the caller keeps it short and escaped
   * @return whether the line was written
   */
  public boolean log(String source, String line) {
    String summary;
    boolean write;
    synchronized (this) {
      summary = rollWindow();
      write = written < linesPerMinute;
      if (write) {
        written++;
      } else {
        suppressed++;
        if (suppressedSources.size() < MAX_SOURCES) {
          suppressedSources.add(source);
        }
        lastSource = source;
      }
    }
    if (summary != null) {
      write(summary);
    }
    if (write) {
      write(line);
    }
    return write;
  }

  /** Writes the summary of a minute that has ended, if events were suppressed in it. */
  public void flush() {
    String summary;
    synchronized (this) {
      summary = rollWindow();
    }
    if (summary != null) {
      write(summary);
    }
  }

  /** Logs under the logger's own name (not this class's, which JUL would otherwise infer). */
  private void write(String text) {
    logger.logp(level, logger.getName(), null, text);
  }

  /** Starts a new minute when the current one is over; returns its summary, or null. */
  private String rollWindow() {
    long now = nanoClock.getAsLong();
    if (now - windowStart < MINUTE) {
      return null;
    }
    String summary = null;
    if (suppressed > 0) {
      int sources = suppressedSources.size();
      summary =
          suppressed
              + " more "
              + what
              + " in the last minute, from "
              + (sources >= MAX_SOURCES ? "at least " : "")
              + sources
              + (sources == 1 ? " source" : " sources")
              + "; last from "
              + lastSource;
    }
    windowStart = now;
    written = 0;
    suppressed = 0;
    suppressedSources.clear();
    lastSource = null;
    return summary;
  }
}
