package jp.callmail.domain.model.call;

import java.time.Instant;
import java.util.Objects;

/**
 * A call's kind changed after its record was made (an answered call switched to T.38 by a
 * re-INVITE), in the domain's words. It may arrive more than once and before or after the call's
 * {@link CompletedCall}; it is applied once.
 *
 * @param callId SIP Call-ID of the call
 * @param calledNumber called number in national form, digits only
 * @param kind the call's kind from now on
 * @param changedAt when the proxy relayed the answer that made the change
 */
public record CallKindChange(String callId, String calledNumber, CallKind kind, Instant changedAt) {

  public CallKindChange {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(changedAt, "changedAt");
  }
}
