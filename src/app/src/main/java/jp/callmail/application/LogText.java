package jp.callmail.application;

/**
 * Text a person typed (a user name, a phone number, a CSV cell), made safe for one log line:
 * control characters, backslashes and anything outside printable ASCII or Japanese text are written
 * as {@code \xNN} or {@code \\uNNNN}, so that input cannot forge log lines or carry terminal
 * escapes; cut to a length. The SIP connector's {@code MalformedInputLog.escape} does the same for
 * the wire.
 */
public final class LogText {

  private LogText() {}

  /** The text escaped and cut to {@code max} characters (then marked with "…"). */
  public static String escape(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        return out.append('…').toString();
      }
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (c >= 0x80 && (Character.isISOControl(c) || !isVisible(c))) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Escaped, at most 100 characters: user names, numbers, addresses. */
  public static String escape(String text) {
    return escape(text, 100);
  }

  private static boolean isVisible(char c) {
    int type = Character.getType(c);
    return type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED;
  }
}
