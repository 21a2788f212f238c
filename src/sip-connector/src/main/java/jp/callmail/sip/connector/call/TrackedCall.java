package jp.callmail.sip.connector.call;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;

/**
 * One initial INVITE to a watched number, from its arrival to its end state.
 *
 * <p>Ringing time runs from the INVITE's arrival to the final response, or to the caller's CANCEL
 * (or the proxy's own timer C CANCEL) when that came first. The record is produced exactly once:
 * every method that can end the call returns it only to the caller that ended it. Methods are
 * synchronized because responses, CANCELs and timers arrive on different stack threads.
 *
 * <p>The record's kind is {@link CallKind#FAX} when the INVITE offered T.38 ({@link SdpKind}) and
 * the call was not answered (a missed fax is still a fax call) or its answer, in the 2xx or in a
 * reliable provisional response before it, accepted T.38. An INVITE without an offer gets the offer
 * in the 2xx and the answer in the ACK, after the record: {@link #lateT38Offer()} tells the proxy
 * to look at that ACK ({@link AnsweredCalls}). Bodies are read only while they can still matter.
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
  private SdpKind offer = SdpKind.NONE;
  private SdpKind earlyAnswer = SdpKind.NONE;
  private boolean lateT38Offer;

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

  /** What the INVITE's body offers; {@link SdpKind#NONE} (a late offer) unless told. */
  public synchronized void offered(SdpKind offer) {
    this.offer = offer;
  }

  /**
   * @param body the response's {@link SdpKind}, asked for only when the INVITE offered T.38
   */
  public synchronized void provisional(
      int status, boolean carriesDiversion, Supplier<SdpKind> body) {
    progress.provisional(status, carriesDiversion);
    if (offer == SdpKind.T38 && earlyAnswer == SdpKind.NONE) {
      earlyAnswer = body.get(); // a reliable 18x may carry the answer (RFC 3262)
    }
  }

  /**
   * The caller (or timer C) cancelled: ringing stops counting now, the outcome waits for the final.
   */
  public synchronized void cancelled() {
    if (cancelledNanos < 0) {
      cancelledNanos = nanoClock.getAsLong();
    }
  }

  /**
   * @param body the response's {@link SdpKind}, asked for only when a 2xx may decide the kind
   */
  public synchronized Optional<CallCompletedRecord> finalResponse(
      int status, boolean carriesDiversion, Supplier<SdpKind> body) {
    long now = nanoClock.getAsLong();
    if (!progress.finalResponse(status, carriesDiversion)) {
      return Optional.empty();
    }
    CallKind kind = offeredKind();
    if (status >= 200 && status < 300) {
      if (offer == SdpKind.T38) {
        SdpKind answer = body.get();
        kind =
            answer == SdpKind.T38 || (answer == SdpKind.NONE && earlyAnswer == SdpKind.T38)
                ? CallKind.FAX
                : CallKind.VOICE;
      } else if (offer == SdpKind.NONE) {
        lateT38Offer = body.get() == SdpKind.T38;
      }
    }
    return Optional.of(record(now, kind));
  }

  /** No final response will come (transaction timeout, transport failure). */
  public synchronized Optional<CallCompletedRecord> abandoned() {
    long now = nanoClock.getAsLong();
    return progress.abandoned() ? Optional.of(record(now, offeredKind())) : Optional.empty();
  }

  /**
   * True when the INVITE had no offer and the 2xx offered T.38: the ACK's answer decides, and
   * reaches the application as a kind change.
   */
  public synchronized boolean lateT38Offer() {
    return lateT38Offer;
  }

  public String calledNumber() {
    return calledNumber;
  }

  /** The kind of a call that ends without being answered: what the caller offered. */
  private CallKind offeredKind() {
    return offer == SdpKind.T38 ? CallKind.FAX : CallKind.VOICE;
  }

  private CallCompletedRecord record(long endNanos, CallKind kind) {
    long ringingEnd = cancelledNanos >= 0 ? Math.min(cancelledNanos, endNanos) : endNanos;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(Math.max(0, ringingEnd - arrivedNanos));
    return new CallCompletedRecord(
        callId,
        calledNumber,
        arrivedAt,
        caller.number(),
        caller.withheldReason(),
        seconds,
        progress.outcome(),
        kind);
  }
}
