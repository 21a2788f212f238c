package jp.callmail.sip.connector.proxy;

import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;

/**
 * Receives each completed call to a watched number, and each later change of an answered call's
 * kind. Must not block the SIP thread that calls it.
 */
public interface CallSink {

  void deliver(CallCompletedRecord record);

  /** An answered call switched to T.38 after its record was made; reported once per call. */
  void kindChanged(CallKindChange change);
}
