package jp.callmail.sip.connector.call;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import jp.callmail.sip.api.CallCompletedRecord;

/**
 * One initial INVITE to a watched number, from its arrival to its end state.
 *
 * <p>Ringing time runs from the INVITE's arrival to the final response, or to the caller's CANCEL
 * (or the proxy's own timer C CANCEL) when that came first. The record is produced exactly once:
 * every method that can end the call returns it only to the caller that ended it. Methods are
 * synchronized because responses, CANCELs and timers arrive on different stack threads.
 */
public final class TrackedCall {

  private final String callId;
  private final String calledNumber;
  private final CallerIdentity caller;
  private final Instant arrivedAt;
  private final long arrivedNanos;
  private final LongSupplier nanoClock;
  private final CallProgress progress = new CallProgress();
  private long cancelledNanos = -1;

  public TrackedCall(
      String callId,
      String calledNumber,
      CallerIdentity caller,
      Instant arrivedAt,
      long arrivedNanos,
      LongSupplier nanoClock) {
    this.callId = callId;
    this.calledNumber = calledNumber;
    this.caller = caller;
    this.arrivedAt = arrivedAt;
    this.arrivedNanos = arrivedNanos;
    this.nanoClock = nanoClock;
  }

  /** A new call whose INVITE arrives now. */
  public static TrackedCall arrivedNow(String callId, String calledNumber, CallerIdentity caller) {
    return new TrackedCall(
        callId, calledNumber, caller, Instant.now(), System.nanoTime(), System::nanoTime);
  }

  public String callId() {
    return callId;
  }

  public synchronized void provisional(int status, boolean carriesDiversion) {
    progress.provisional(status, carriesDiversion);
  }

  /**
   * The caller (or timer C) cancelled: ringing stops counting now, the outcome waits for the final.
   */
  public synchronized void cancelled() {
    if (cancelledNanos < 0) {
      cancelledNanos = nanoClock.getAsLong();
    }
  }

  public synchronized Optional<CallCompletedRecord> finalResponse(
      int status, boolean carriesDiversion) {
    long now = nanoClock.getAsLong();
    return progress.finalResponse(status, carriesDiversion)
        ? Optional.of(record(now))
        : Optional.empty();
  }

  /** No final response will come (transaction timeout, transport failure). */
  public synchronized Optional<CallCompletedRecord> abandoned() {
    long now = nanoClock.getAsLong();
    return progress.abandoned() ? Optional.of(record(now)) : Optional.empty();
  }

  private CallCompletedRecord record(long endNanos) {
    long ringingEnd = cancelledNanos >= 0 ? Math.min(cancelledNanos, endNanos) : endNanos;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(Math.max(0, ringingEnd - arrivedNanos));
    return new CallCompletedRecord(
        callId,
        calledNumber,
        arrivedAt,
        caller.number(),
        caller.withheldReason(),
        seconds,
        progress.outcome());
  }
}
