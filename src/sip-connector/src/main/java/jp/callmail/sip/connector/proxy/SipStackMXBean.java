package jp.callmail.sip.connector.proxy;

/**
 * The SIP stack's load, published over JMX as {@value #OBJECT_NAME} so that the application's
 * MicroProfile Metrics (and any JMX console) can read it without sharing classes or state with the
 * adapter.
 */
public interface SipStackMXBean {

  String OBJECT_NAME = "jp.callmail:type=SipStack";

  /** Server transactions the stack holds (in progress or in their completion timers). */
  int getServerTransactions();

  /** Client transactions the stack holds. */
  int getClientTransactions();

  /**
   * Messages the stack compared with every transaction it holds to find theirs, since start: RFC
   * 2543 messages only (a branch without the magic cookie); others are looked up by branch.
   */
  long getTransactionScans();

  /** UDP datagrams waiting for the stack's worker threads now. */
  int getQueuedDatagrams();

  /** UDP datagrams dropped unhandled since start: the queue was full, or they waited 4 s. */
  long getDroppedDatagrams();

  /** Dialogs the stack holds (the IVR's; the proxy keeps none). */
  int getDialogs();

  /** IVR calls in progress. */
  int getIvrCalls();

  /**
   * Answered calls to watched lines held until their BYE, to see a switch to fax ({@code
   * callmail.sip.answered-calls-max}).
   */
  int getAnsweredCalls();

  /** Answered calls dropped since start because the table was full (the oldest first). */
  long getAnsweredCallsEvicted();

  /** Answered calls dropped since start because no BYE came within the maximum lifetime. */
  long getAnsweredCallsExpired();
}
