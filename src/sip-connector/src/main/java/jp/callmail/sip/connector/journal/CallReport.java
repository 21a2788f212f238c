package jp.callmail.sip.connector.journal;

import java.time.Instant;
import java.util.Objects;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;

/**
 * What the journal keeps until the application takes it: a completed call's record, or a later
 * change of a call's kind (a re-INVITE to T.38 after the record was made). Both must survive a
 * crash and a long outage alike.
 */
public sealed interface CallReport permits CallReport.Completed, CallReport.KindChanged {

  /** The Call-ID the report is about. */
  String callId();

  /** When the call began, or when its kind changed: for the age of the oldest pending report. */
  Instant time();

  static CallReport of(CallCompletedRecord record) {
    return new Completed(record);
  }

  static CallReport of(CallKindChange change) {
    return new KindChanged(change);
  }

  /** A completed call ({@code callCompleted}). */
  record Completed(CallCompletedRecord record) implements CallReport {
    public Completed {
      Objects.requireNonNull(record, "record");
    }

    @Override
    public String callId() {
      return record.callId();
    }

    @Override
    public Instant time() {
      return record.callTime();
    }
  }

  /** A call's new kind ({@code callKindChanged}). */
  record KindChanged(CallKindChange change) implements CallReport {
    public KindChanged {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public String callId() {
      return change.callId();
    }

    @Override
    public Instant time() {
      return change.changedAt();
    }
  }
}
