package jp.callmail.sip.connector.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import jp.callmail.sip.connector.logging.MalformedInputLog;

/**
 * The stack's message parser, which reports every message it refuses in one short log line and
 * whose errors are safe to put on the wire.
 *
 * <p>Reporting: the stack itself logs a malformed datagram at SEVERE with all its bytes (or, for
 * one that lacks From, To, Call-ID, CSeq or Via, as its whole text; without CSeq it even fails with
 * a NullPointerException), and a parser that trips over garbage throws a RuntimeException that the
 * stack logs with a stack trace. Here every such message becomes a ParseException, after one line
 * in {@link MalformedInputLog}; the stack then drops it (TCP) or answers 400 (UDP) without logging
 * anything above FINE. RFC 3261 §8.1.1: a valid request carries To, From, CSeq, Call-ID,
 * Max-Forwards and Via; the first five are what the stack itself cannot do without.
 *
 * <p>Reason phrase: JAIN-SIP answers a UDP request whose From, To, Via, CSeq, Call-ID or
 * Content-Length does not parse with a 400 whose reason phrase is the parser's error, and that
 * error quotes the bad header line with its line break. The status line then ends in the middle of
 * the reason phrase and the rest reads as a header without a name, so a strict peer (SIPp among
 * them) throws the whole 400 away and never learns why its request failed (RFC 3261 §7.2, §25.1:
 * the Reason-Phrase has no CR or LF). Here the error text loses its line breaks before the stack
 * sees it.
 *
 * <p>{@code SipProxyServer} names this class as the stack's
 * gov.nist.javax.sip.MESSAGE_PARSER_FACTORY.
 */
public final class SafeMessageParserFactory implements MessageParserFactory {

  private static final int MAX_REASON = 200;
  private final MessageParserFactory delegate = new StringMsgParserFactory();

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    MessageParser parser = delegate.createMessageParser(stack);
    return (bytes, readBody, strict, listener) -> {
      MalformedInputLog.Input input =
          new MalformedInputLog.Input(
              InputSources.describe(listener), MalformedInputLog.firstLine(bytes));
      MalformedInputLog.parsing(input);
      SIPMessage message;
      try {
        message = parser.parseSIPMessage(bytes, readBody, strict, listener);
      } catch (ParseException e) {
        ParseException safe = safe(e);
        MalformedInputLog.shared().report(input, safe.getMessage());
        throw safe;
      } catch (RuntimeException e) {
        // Garbage the parser did not expect (an index out of bounds, a number too long ...).
        MalformedInputLog.shared().report(input, "unparseable: " + e);
        ParseException refused = new ParseException("Unparseable message", 0);
        refused.initCause(e);
        throw refused;
      }
      String missing = message == null ? null : missingHeader(message);
      if (missing != null) {
        MalformedInputLog.shared().report(input, "no " + missing + " header");
        throw new ParseException("Missing " + missing + " header", 0);
      }
      return message; // null for a keep-alive (CRLF)
    };
  }

  /** The first of the headers the stack needs that the message lacks, or null. */
  static String missingHeader(SIPMessage message) {
    if (message.getFrom() == null) {
      return "From";
    }
    if (message.getTo() == null) {
      return "To";
    }
    if (message.getCallId() == null) {
      return "Call-ID";
    }
    if (message.getCSeq() == null) {
      return "CSeq";
    }
    if (message.getTopmostVia() == null) {
      return "Via";
    }
    return null;
  }

  /** The same error with its text on one line (control characters become spaces) and bounded. */
  static ParseException safe(ParseException e) {
    String message = e.getMessage();
    if (message == null) {
      return e;
    }
    StringBuilder text = new StringBuilder(Math.min(message.length(), MAX_REASON));
    boolean space = false;
    for (int i = 0; i < message.length() && text.length() < MAX_REASON; i++) {
      char c = message.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        space = text.length() > 0;
        continue;
      }
      if (space) {
        text.append(' ');
        space = false;
      }
      text.append(c);
    }
    if (text.toString().equals(message)) {
      return e;
    }
    ParseException safe = new ParseException(text.toString(), e.getErrorOffset());
    safe.initCause(e);
    return safe;
  }
}
