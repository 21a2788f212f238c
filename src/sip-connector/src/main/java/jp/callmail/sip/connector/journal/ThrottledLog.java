package jp.callmail.sip.connector.journal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning logged at most once per interval, with the count of those held back: a full or failing
 * disk would otherwise log once per call, fifty times a second.
 */
final class ThrottledLog {

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextAllowed;
  private final AtomicLong heldBack = new AtomicLong();

  ThrottledLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
  }

  /** Logs the warning unless one was logged less than an interval ago; true when it was logged. */
  boolean warn(String message, Throwable cause) {
    long now = nanoTime.getAsLong();
    long allowed = nextAllowed.get();
    if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      heldBack.incrementAndGet();
      return false;
    }
    long held = heldBack.getAndSet(0);
    String text = held == 0 ? message : message + " (" + held + " more like it not logged)";
    log.log(Level.WARNING, text, cause);
    return true;
  }
}
