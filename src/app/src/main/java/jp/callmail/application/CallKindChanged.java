package jp.callmail.application;

import java.util.Objects;
import jp.callmail.domain.model.call.CallKindChange;

/**
 * CDI event: the SIP connector saw a call's kind change after its record (a re-INVITE to T.38).
 * Fired by {@link CallRecording} inside the transaction that applies it.
 */
public final class CallKindChanged {

  private final CallKindChange change;

  public CallKindChanged(CallKindChange change) {
    this.change = Objects.requireNonNull(change, "change");
  }

  public CallKindChange change() {
    return change;
  }

  @Override
  public String toString() {
    return "CallKindChanged" + change;
  }
}
