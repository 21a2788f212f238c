package jp.callmail.sip.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A call already reported by {@link CallListener#callCompleted} whose kind changed afterwards: the
 * usual fax call is answered as audio and switched to T.38 by a re-INVITE.
 *
 * @param callId SIP Call-ID of the call, as in its {@link CallCompletedRecord}
 * @param calledNumber called number in national form, digits only, as in its record
 * @param kind the call's kind from now on; a call never turns back from {@link CallKind#FAX}
 * @param changedAt when the proxy relayed the answer that made the change
 */
public record CallKindChange(String callId, String calledNumber, CallKind kind, Instant changedAt)
    implements Serializable {

  public CallKindChange {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(changedAt, "changedAt");
  }
}
