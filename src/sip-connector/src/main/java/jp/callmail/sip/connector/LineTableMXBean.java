package jp.callmail.sip.connector;

/**
 * The SIP connector's table of line routes over JMX ({@value #OBJECT_NAME}): how many lines it
 * holds and when it last heard from the application, and the operation by which the application
 * hands it a line it has just changed, so that the change holds for the next call without waiting
 * for the next refresh.
 */
public interface LineTableMXBean {

  String OBJECT_NAME = "jp.callmail:type=LineTable";

  /**
   * Lines the table holds (watched lines and lines with their own route); -1 before the first load.
   */
  int getSize();

  /** The application's time of the latest answer applied, ISO-8601; empty before the first load. */
  String getAsOf();

  /** Takes one line's route as the application committed it. */
  void update(String number, boolean watched, String downstreamRoute);
}
