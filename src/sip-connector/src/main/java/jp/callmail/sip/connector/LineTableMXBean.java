package jp.callmail.sip.connector;

/**
 * The SIP connector's table of line routes over JMX ({@value #OBJECT_NAME}), for operators: how
 * many lines it holds and when it last heard from the application. The application tells the table
 * of its changes through {@link jp.callmail.sip.api.LineRoutingUpdates}, not through this bean.
 */
public interface LineTableMXBean {

  String OBJECT_NAME = "jp.callmail:type=LineTable";

  /**
   * Lines the table holds (watched lines and lines with their own route); -1 before the first load.
   */
  int getSize();

  /** The application's time of the latest answer applied, ISO-8601; empty before the first load. */
  String getAsOf();
}
