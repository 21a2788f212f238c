package jp.callmail.sip.connector.proxy;

import jp.callmail.sip.api.CallCompletedRecord;

/**
 * Receives each completed call to a watched number. Must not block the SIP thread that calls it.
 */
@FunctionalInterface
public interface CallSink {

  void deliver(CallCompletedRecord record);
}
