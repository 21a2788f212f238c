package jp.callmail.domain.model.call;

import java.time.Instant;
import java.util.Objects;

/**
 * A call to a service line that reached its end state (SPEC §3), in the domain's words: what the
 * rules decide on and what the call log and its dead letters keep. The SIP connector's record is
 * translated into this in {@code infrastructure.sip}, so the domain does not depend on the adapter.
 *
 * @param callId SIP Call-ID of the call
 * @param calledNumber called number in national form, digits only
 * @param callTime when the INVITE arrived at the proxy
 * @param callerNumber caller number in national form, digits only; empty when withheld
 * @param withheldReason why the number is withheld, {@link WithheldReason#NONE} when shown
 * @param ringingSeconds whole seconds from the INVITE's arrival to the final response or CANCEL
 * @param outcome how the call ended
 * @param kind voice, or fax when its session was T.38 by the time the record was made
 */
public record CompletedCall(
    String callId,
    String calledNumber,
    Instant callTime,
    String callerNumber,
    WithheldReason withheldReason,
    long ringingSeconds,
    CallOutcome outcome,
    CallKind kind) {

  public CompletedCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(callTime, "callTime");
    Objects.requireNonNull(withheldReason, "withheldReason");
    Objects.requireNonNull(outcome, "outcome");
    kind = kind == null ? CallKind.VOICE : kind;
    callerNumber = withheldReason.isWithheld() || callerNumber == null ? "" : callerNumber;
    if (ringingSeconds < 0) {
      throw new IllegalArgumentException("ringingSeconds must not be negative: " + ringingSeconds);
    }
  }

  /** A voice call (the kind of every call until a fax is seen). */
  public CompletedCall(
      String callId,
      String calledNumber,
      Instant callTime,
      String callerNumber,
      WithheldReason withheldReason,
      long ringingSeconds,
      CallOutcome outcome) {
    this(
        callId,
        calledNumber,
        callTime,
        callerNumber,
        withheldReason,
        ringingSeconds,
        outcome,
        CallKind.VOICE);
  }

  /** The same call with the kind a later change gave it. */
  public CompletedCall withKind(CallKind newKind) {
    return new CompletedCall(
        callId,
        calledNumber,
        callTime,
        callerNumber,
        withheldReason,
        ringingSeconds,
        outcome,
        newKind);
  }
}
