package jp.callmail.sip.connector.proxy;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Messages from sources that are no configured peer: logged at most once a minute, with a count. */
final class StrangerLog {

  private static final Logger LOG = Logger.getLogger(StrangerLog.class.getName());
  private final ThrottledLog log = new ThrottledLog(LOG, Level.INFO, "SIP messages from non-peers refused");

  void refused(String source, String what) {
    log.note(source, () -> "Refused " + what + " from " + source
        + ": not a configured peer (callmail.sip.peers)");
  }
}
