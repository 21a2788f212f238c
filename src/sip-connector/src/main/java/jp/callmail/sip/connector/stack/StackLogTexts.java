package jp.callmail.sip.connector.stack;

import java.util.List;

/**
 * The texts with which jain-sip-ri 1.3.0-91 logs, at error level, a message that a peer got wrong,
 * so that {@code JulStackLogger} can tell these (a stranger's doing: one short line at most) from
 * errors of the stack itself (kept at SEVERE).
 *
 * <p>The stack marks none of its log calls as being about its input, and some print the whole
 * message or its bytes; matching their texts is the only way in. JainSipInternalsTest finds every
 * text here in the jain-sip classes, so an upgrade that rewords one fails the build.
 */
public final class StackLogTexts {

  /** How a stack error is to be logged. */
  public enum Kind {
    /** About a message that {@link SafeMessageParserFactory} has already reported: FINE only. */
    ALREADY_REPORTED,
    /** About a message that parsed but that the stack refused: one malformed-input line. */
    REFUSED_MESSAGE,
    /** A failure while handling one datagram, logged with all its bytes: one line, no bytes. */
    DATAGRAM_FAILED,
    /** Anything else: an error of the stack, logged as it is. */
    STACK_ERROR
  }

  /**
   * In TCPMessageChannel.handleException and
   * UDPMessageChannel/ConnectionOrientedMessageChannel.processMessage.
   */
  static final List<String> ALREADY_REPORTED =
      List.of(
          "Malformed mandatory headers: closing socket!", "bad message ", ">>> Dropped Bad Msg");

  /**
   * In UDPMessageChannel and ConnectionOrientedMessageChannel.processMessage; the message follows
   * ">>> ".
   */
  static final List<String> REFUSED =
      List.of(
          "Dropping Badly formatted response message >>> ",
          "Dropping response message with invalid tag >>> ");

  /** In UDPMessageChannel.run, followed by Arrays.toString of the datagram's buffer. */
  static final String DATAGRAM_FAILED = "Error while processing incoming UDP packet";

  private StackLogTexts() {}

  public static Kind classify(String message) {
    if (message == null) {
      return Kind.STACK_ERROR;
    }
    if (message.startsWith(DATAGRAM_FAILED)) {
      return Kind.DATAGRAM_FAILED;
    }
    for (String text : ALREADY_REPORTED) {
      if (message.startsWith(text)) {
        return Kind.ALREADY_REPORTED;
      }
    }
    for (String text : REFUSED) {
      if (message.startsWith(text)) {
        return Kind.REFUSED_MESSAGE;
      }
    }
    return Kind.STACK_ERROR;
  }

  /**
   * For {@link Kind#REFUSED_MESSAGE}: why (the text before the message), and the message's text.
   */
  public static String[] reasonAndMessage(String logged) {
    int split = logged.indexOf(">>> ");
    if (split < 0) {
      return new String[] {logged, ""};
    }
    return new String[] {logged.substring(0, split).trim(), logged.substring(split + 4)};
  }
}
