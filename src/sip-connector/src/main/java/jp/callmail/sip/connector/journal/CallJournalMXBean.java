package jp.callmail.sip.connector.journal;

/**
 * The call record journal over JMX ({@value #OBJECT_NAME}), for operators and the application's
 * metrics: how many completed calls the application has not taken yet, and whether the journal can
 * write.
 */
public interface CallJournalMXBean {

  String OBJECT_NAME = "jp.callmail:type=CallJournal";

  /**
   * Completed-call records and kind changes the application has not taken yet (journalled or, if
   * the disk failed, in memory).
   */
  int getPendingRecords();

  /**
   * Seconds since the oldest pending call began (or, for a pending kind change, since the change);
   * 0 when none is pending.
   */
  long getOldestPendingSeconds();

  /** Records since start that could not be written to the journal and were kept in memory only. */
  long getUnjournalledRecords();

  /**
   * False while the journal's disk fails; records are then kept in memory until it writes again.
   */
  boolean isWritable();

  /** fsyncs since start (each one commits a group of lines). */
  long getSyncs();

  /** The journal's directory. */
  String getDirectory();
}
