package jp.callmail.sip.connector.logging;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.SipStack;

/**
 * JAIN-SIP's message trace on java.util.logging (logger {@code gov.nist.javax.sip.messages}), at
 * FINEST so that whole messages are only written when an operator turns that logger up.
 */
public class JulServerLogger implements ServerLogger {

  private static final Logger LOG = Logger.getLogger("gov.nist.javax.sip.messages");

  @Override
  public void closeLogFile() {
    // java.util.logging owns the files.
  }

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    logMessage(message, from, to, null, sender, time);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    if (LOG.isLoggable(Level.FINEST)) {
      LOG.finest(
          (sender ? "sent " : "received ")
              + from
              + " -> "
              + to
              + (status == null ? "" : " [" + status + "]")
              + "\n"
              + message.encode());
    }
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    logMessage(message, from, to, status, sender, System.currentTimeMillis());
  }

  @Override
  public void logException(Exception ex) {
    LOG.log(Level.WARNING, ex.getMessage(), ex);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {
    // Nothing to read: levels come from java.util.logging.
  }

  @Override
  public void setSipStack(SipStack sipStack) {
    // Not needed.
  }
}
