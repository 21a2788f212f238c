package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * The stack's message parser, with parse errors that are safe to put on the wire.
 *
 * <p>JAIN-SIP answers a UDP request whose From, To, Via, CSeq, Call-ID or Content-Length does not
 * parse with a 400 whose reason phrase is the parser's error, and that error quotes the bad header
 * line with its line break. The status line then ends in the middle of the reason phrase and the
 * rest reads as a header without a name, so a strict peer (SIPp among them) throws the whole 400
 * away and never learns why its request failed (RFC 3261 §7.2, §25.1: the Reason-Phrase has no CR
 * or LF). Here the error text loses its line breaks before the stack sees it.
 *
 * <p>{@link SipProxyServer} names this class as the stack's gov.nist.javax.sip.MESSAGE_PARSER_FACTORY.
 */
public final class SafeMessageParserFactory implements MessageParserFactory {

  private static final int MAX_REASON = 200;
  private final MessageParserFactory delegate = new StringMsgParserFactory();

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    MessageParser parser = delegate.createMessageParser(stack);
    return (bytes, readBody, strict, listener) -> {
      try {
        return parser.parseSIPMessage(bytes, readBody, strict, listener);
      } catch (ParseException e) {
        throw safe(e);
      }
    };
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
