package jp.callmail.sip.connector.logging;

import gov.nist.core.StackLogger;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.connector.stack.StackLogTexts;

/**
 * JAIN-SIP's {@link StackLogger} on top of java.util.logging, so that the stack logs where the rest
 * of the server logs and obeys its log levels (logger {@code gov.nist.javax.sip}).
 *
 * <p>jain-sip-ri calls log4j 1.x, which it does not bring; without this adapter its classes fail to
 * load on the first log call.
 *
 * <p>Errors about a message that a peer got wrong are not errors of the server: the stack would log
 * each at SEVERE, some with the message's whole text or bytes. These become one short INFO line in
 * {@link MalformedInputLog} (or nothing, when the parser already wrote that line), recognised by
 * their texts ({@link StackLogTexts}); every other error of the stack stays SEVERE, with its stack
 * trace.
 */
public class JulStackLogger implements StackLogger {

  private static final Logger LOG = Logger.getLogger("gov.nist.javax.sip");

  @Override
  public void logStackTrace() {
    logStackTrace(TRACE_DEBUG);
  }

  @Override
  public void logStackTrace(int traceLevel) {
    Level level = toJul(traceLevel);
    if (LOG.isLoggable(level)) {
      LOG.log(level, "stack trace", new Throwable("stack trace"));
    }
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable ex) {
    if (ex instanceof ParseException) {
      reportMalformed(null, ex.getMessage());
      return;
    }
    LOG.log(Level.WARNING, ex.getMessage(), ex);
  }

  @Override
  public void logDebug(String message) {
    LOG.fine(message);
  }

  @Override
  public void logDebug(String message, Exception ex) {
    LOG.log(Level.FINE, message, ex);
  }

  @Override
  public void logTrace(String message) {
    LOG.finest(message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.severe(message);
  }

  @Override
  public void logError(String message) {
    switch (StackLogTexts.classify(message)) {
      case ALREADY_REPORTED -> LOG.fine(() -> MalformedInputLog.escape(message, 200));
      case REFUSED_MESSAGE -> {
        String[] reasonAndMessage = StackLogTexts.reasonAndMessage(message);
        reportMalformed(reasonAndMessage[1], reasonAndMessage[0]);
      }
      default -> LOG.severe(message);
    }
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isLoggable(Level.INFO);
  }

  @Override
  public boolean isLoggingEnabled(int logLevel) {
    return LOG.isLoggable(toJul(logLevel));
  }

  @Override
  public void logError(String message, Exception ex) {
    switch (StackLogTexts.classify(message)) {
      case ALREADY_REPORTED -> LOG.log(Level.FINE, MalformedInputLog.escape(message, 200), ex);
      case REFUSED_MESSAGE, DATAGRAM_FAILED -> {
        // The stack failed on this one message (its bytes follow the text): one line, and the
        // stack trace only at FINE, for whoever debugs the stack.
        reportMalformed(null, "the stack failed on it: " + ex);
        LOG.log(Level.FINE, "Stack failure on a received message", ex);
      }
      default -> LOG.log(Level.SEVERE, message, ex);
    }
  }

  /**
   * One line about the message this thread handles (named by the parser), or about the given text
   * when the thread handles none.
   */
  private static void reportMalformed(String text, String reason) {
    MalformedInputLog.Input input = MalformedInputLog.current();
    if (input == null) {
      input =
          new MalformedInputLog.Input(
              "an unknown source",
              text == null
                  ? ""
                  : MalformedInputLog.firstLine(text.getBytes(StandardCharsets.ISO_8859_1)));
    }
    MalformedInputLog.shared().report(input, reason);
  }

  @Override
  public void logWarning(String message) {
    LOG.warning(message);
  }

  /** JAIN-SIP's "info" is per-message chatter (e.g. every datagram's source): FINE here. */
  @Override
  public void logInfo(String message) {
    LOG.fine(message);
  }

  @Override
  public void disableLogging() {
    // Levels are set in the server's logging configuration, not by the stack.
  }

  @Override
  public void enableLogging() {
    // Levels are set in the server's logging configuration, not by the stack.
  }

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {
    LOG.config(() -> "JAIN-SIP build " + buildTimeStamp);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {
    // Nothing to read: levels come from java.util.logging.
  }

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }

  static Level toJul(int traceLevel) {
    if (traceLevel >= TRACE_TRACE) {
      return Level.FINEST;
    }
    if (traceLevel >= TRACE_DEBUG) {
      return Level.FINE;
    }
    if (traceLevel >= TRACE_INFO) {
      return Level.FINE;
    }
    if (traceLevel >= TRACE_WARN) {
      return Level.WARNING;
    }
    return Level.SEVERE;
  }
}
