package jp.callmail.application;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a kind of event that a client can repeat at will at most once an interval, with how many
 * there were since the last line: a flood of them cannot flood the log.
 */
public final class SparseLog {

  private final Logger log;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong lastLine;
  private final AtomicLong unlogged = new AtomicLong();

  public SparseLog(Logger log, Level level, long interval, TimeUnit unit, LongSupplier nanoClock) {
    this.log = log;
    this.level = level;
    this.intervalNanos = unit.toNanos(interval);
    this.clock = nanoClock;
    this.lastLine = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
  }

  public SparseLog(Logger log, Level level) {
    this(log, level, 1, TimeUnit.MINUTES, System::nanoTime);
  }

  /** Logs this event if the interval since the last line has passed; else only counts it. */
  public void log(Supplier<String> message) {
    unlogged.incrementAndGet();
    long now = clock.getAsLong();
    long last = lastLine.get();
    if (now - last >= intervalNanos && lastLine.compareAndSet(last, now)) {
      long events = unlogged.getAndSet(0);
      log.log(
          level,
          () ->
              message.get()
                  + (events > 1 ? " [" + events + " such events since the last line]" : ""));
    }
  }
}
