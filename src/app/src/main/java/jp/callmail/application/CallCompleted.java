package jp.callmail.application;

import java.util.Objects;
import jp.callmail.domain.model.call.CompletedCall;

/**
 * CDI event: a call to a watched number reached its end state. Fired by {@link CallRecording} for
 * the record the message-driven bean received from the SIP connector (or an operator's retry of a
 * dead letter), inside the transaction that records it.
 */
public final class CallCompleted {

  private final CompletedCall record;

  public CallCompleted(CompletedCall record) {
    this.record = Objects.requireNonNull(record, "record");
  }

  public CompletedCall record() {
    return record;
  }

  @Override
  public String toString() {
    return "CallCompleted" + record;
  }
}
