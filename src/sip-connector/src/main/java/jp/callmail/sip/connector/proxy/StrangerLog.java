package jp.callmail.sip.connector.proxy;

import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.connector.logging.RateLimitedLog;

/** Messages from sources that are no configured peer: a few lines a minute, the rest counted. */
final class StrangerLog {

  private static final Logger LOG = Logger.getLogger(StrangerLog.class.getName());
  private final RateLimitedLog log =
      new RateLimitedLog(
          LOG, Level.INFO, "SIP messages from non-peers refused", 5, System::nanoTime);

  void refused(String source, String what) {
    log.log(
        source,
        "Refused " + what + " from " + source + ": not a configured peer (callmail.sip.peers)");
  }
}
