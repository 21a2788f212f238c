package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.RequestEventExt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import jp.callmail.sip.connector.logging.MalformedInputLog;

/**
 * How the proxy logs a request it could not handle: a request that the stack parsed but whose
 * values the proxy cannot use (a header that fails to parse when read, an argument out of range) is
 * the sender's fault and costs one short line in {@link MalformedInputLog}; any other failure is
 * the proxy's own and is logged at WARNING with its stack trace, as before.
 */
final class HandlingFailures {

  private HandlingFailures() {}

  static void log(Logger log, RequestEvent event, Exception failure, Supplier<String> what) {
    if (!causedByInput(failure)) {
      log.log(Level.WARNING, failure, what);
      return;
    }
    String source = "an unknown source";
    if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
      source = ext.getRemoteIpAddress() + ":" + ext.getRemotePort();
    }
    String requestLine = event.getRequest().getMethod() + " " + event.getRequest().getRequestURI();
    MalformedInputLog.shared()
        .report(
            new MalformedInputLog.Input(
                source, MalformedInputLog.firstLine(requestLine.getBytes(StandardCharsets.UTF_8))),
            "the proxy could not handle it: " + failure);
  }

  /** A parse or argument error anywhere in the cause chain. */
  static boolean causedByInput(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ParseException
          || t instanceof InvalidArgumentException
          || t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }
}
