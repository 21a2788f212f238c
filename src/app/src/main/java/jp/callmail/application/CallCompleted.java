package jp.callmail.application;

import java.util.Objects;
import jp.callmail.sip.api.CallCompletedRecord;

/**
 * CDI event: a call to a watched number reached its end state. Fired by the message-driven bean
 * that receives the SIP connector's record, inside its transaction.
 */
public final class CallCompleted {

  private final CallCompletedRecord record;

  public CallCompleted(CallCompletedRecord record) {
    this.record = Objects.requireNonNull(record, "record");
  }

  public CallCompletedRecord record() {
    return record;
  }

  @Override
  public String toString() {
    return "CallCompleted" + record;
  }
}
