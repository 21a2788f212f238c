package jp.callmail.sip.connector.proxy;

import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jp.callmail.sip.connector.logging.JulStackLogger;

/**
 * Listens to what the proxy's JAIN-SIP stack logs through java.util.logging while a test runs: the
 * message trace (logger {@code gov.nist.javax.sip.messages}, which the adapter's JulServerLogger
 * writes at FINEST) gives every message the stack sent and where to, so that a response addressed
 * to a port the test could not bind is still seen; stack and proxy warnings are kept for the report
 * instead of flooding the console. Restores the loggers on close.
 *
 * <p>The stack only writes its message trace when its logger says TRACE_MESSAGES is enabled, and
 * the adapter's JulStackLogger decides that from the level of {@code gov.nist.javax.sip}, which
 * would also switch on the stack's debug output. So while capturing, the stack gets a
 * JulStackLogger that enables the message trace and nothing more. Every new stack installs its own
 * logger (a static of JAIN-SIP), so {@link ProxyUnderTest} puts this one back after each start; the
 * stack looks its logger up on every call.
 */
final class StackLogCapture extends Handler implements AutoCloseable {

  /** One message the stack sent: source and destination as "host:port", and the message. */
  record Sent(String from, String to, SipTestMessage message, long nanos) {
    int fromPort() {
      return Integer.parseInt(from.substring(from.lastIndexOf(':') + 1));
    }
  }

  // Strong references: java.util.logging only keeps loggers weakly.
  private final Logger messages = Logger.getLogger("gov.nist.javax.sip.messages");
  private final Logger stack = Logger.getLogger("gov.nist.javax.sip");
  private final Logger proxy = Logger.getLogger("jp.callmail.sip.connector");
  private final Level messagesLevel = messages.getLevel();
  private final boolean messagesParents = messages.getUseParentHandlers();
  private final boolean stackParents = stack.getUseParentHandlers();
  private final boolean proxyParents = proxy.getUseParentHandlers();

  private static volatile StackLogger tracing;
  private final StackLogger previousStackLogger = CommonLogger.legacyLogger;

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final List<LogRecord> warnings = new CopyOnWriteArrayList<>();

  StackLogCapture() {
    tracing =
        new JulStackLogger() {
          @Override
          public boolean isLoggingEnabled(int logLevel) {
            return logLevel == LogLevels.TRACE_MESSAGES || super.isLoggingEnabled(logLevel);
          }
        };
    CommonLogger.legacyLogger = tracing;
    setLevel(Level.ALL);
    messages.setLevel(Level.FINEST);
    messages.setUseParentHandlers(false);
    messages.addHandler(this);
    stack.setUseParentHandlers(false);
    stack.addHandler(this);
    proxy.setUseParentHandlers(false);
    proxy.addHandler(this);
  }

  /** A stack that was just created replaced the stack logger: while capturing, trace again. */
  static void afterStackStart() {
    StackLogger active = tracing;
    if (active != null) {
      CommonLogger.legacyLogger = active;
    }
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLoggerName() != null && record.getLoggerName().equals(messages.getName())) {
      String text = record.getMessage();
      if (text != null && text.startsWith("sent ")) {
        int newline = text.indexOf('\n');
        String[] route = text.substring(5, newline).split(" -> ");
        String to =
            route[1].contains(" ") ? route[1].substring(0, route[1].indexOf(' ')) : route[1];
        SipTestMessage message =
            SipTestMessage.parse(text.substring(newline + 1).getBytes(StandardCharsets.UTF_8));
        if (message != null) {
          sent.add(new Sent(route[0], to, message, System.nanoTime()));
        }
      }
      return;
    }
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      warnings.add(record);
    }
  }

  /** Messages the proxy on this port sent with this Call-ID (any Call-ID when it is null). */
  List<Sent> sentBy(int proxyPort, String callId) {
    List<Sent> found = new ArrayList<>();
    for (Sent s : sent) {
      if (s.fromPort() == proxyPort
          && (callId == null
              ? s.message().callId() == null
              : callId.equals(s.message().callId()))) {
        found.add(s);
      }
    }
    return found;
  }

  /** Warnings from the proxy's own code (not the stack) logged since the given index. */
  List<LogRecord> proxyWarningsSince(int index) {
    List<LogRecord> found = new ArrayList<>();
    for (int i = index; i < warnings.size(); i++) {
      LogRecord r = warnings.get(i);
      if (r.getLoggerName() != null && r.getLoggerName().startsWith("jp.callmail")) {
        found.add(r);
      }
    }
    return found;
  }

  @Override
  public void flush() {
    // kept in memory
  }

  @Override
  public void close() {
    tracing = null;
    CommonLogger.legacyLogger = previousStackLogger;
    messages.removeHandler(this);
    messages.setLevel(messagesLevel);
    messages.setUseParentHandlers(messagesParents);
    stack.removeHandler(this);
    stack.setUseParentHandlers(stackParents);
    proxy.removeHandler(this);
    proxy.setUseParentHandlers(proxyParents);
  }
}
