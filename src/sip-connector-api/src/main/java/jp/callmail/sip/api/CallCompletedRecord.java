package jp.callmail.sip.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One call to a watched number that reached its end state (SPEC §3).
 *
 * @param callId SIP Call-ID of the call
 * @param calledNumber called number in national form, digits only
 * @param callTime when the INVITE arrived at the proxy
 * @param callerNumber caller number in national form, digits only; empty when withheld
 * @param withheldReason why the number is withheld, {@link WithheldReason#NONE} when shown
 * @param ringingSeconds whole seconds from the INVITE's arrival to the final response or CANCEL
 * @param outcome how the call ended
 * @param kind {@link CallKind#FAX} when the INVITE's offer or its answer already was T.38; a call
 *     that switches later is reported by {@link CallListener#callKindChanged}
 */
public record CallCompletedRecord(
    String callId,
    String calledNumber,
    Instant callTime,
    String callerNumber,
    WithheldReason withheldReason,
    long ringingSeconds,
    CallOutcome outcome,
    CallKind kind)
    implements Serializable {

  public CallCompletedRecord {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(callTime, "callTime");
    Objects.requireNonNull(withheldReason, "withheldReason");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(kind, "kind");
    callerNumber = withheldReason.isWithheld() || callerNumber == null ? "" : callerNumber;
    if (ringingSeconds < 0) {
      throw new IllegalArgumentException("ringingSeconds must not be negative: " + ringingSeconds);
    }
  }
}
