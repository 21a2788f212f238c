package jp.callmail.sip.connector.call;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the many spellings of a Japanese telephone number into the national form that users see:
 * {@code +81612345678}, {@code tel:+81-6-1234-5678}, {@code sip:+81612345678@host;user=phone} and
 * {@code 06-1234-5678} all become {@code 0612345678}.
 *
 * <p>Numbers of other countries keep their country code behind the international prefix {@code
 * 010}, the form a Japanese user dials back. Anything that is not a number (a SIP user name, an
 * anonymous URI) yields nothing: callers treat that as a withheld number.
 */
public final class NumberNormalizer {

  private static final Pattern VISUAL_SEPARATORS = Pattern.compile("[-.() ]");

  /** The longest national form: 010 and the 15 digits of E.164, with room for private plans. */
  public static final int MAX_LENGTH = 20;

  private static final Pattern DIGITS = Pattern.compile("\\d{1,24}");
  private static final String JAPAN = "+81";

  private NumberNormalizer() {}

  /**
   * The national form of a number given as a tel URI, a SIP URI or a bare number.
   *
   * @return digits only, or empty when the value is not a telephone number
   */
  public static Optional<String> toNational(String uriOrNumber) {
    if (uriOrNumber == null) {
      return Optional.empty();
    }
    String number = unescape(userPart(stripAngleBrackets(uriOrNumber.trim())));
    number = VISUAL_SEPARATORS.matcher(number).replaceAll("");
    String prefix = "";
    if (number.startsWith(JAPAN)) {
      prefix = "0";
      number = number.substring(JAPAN.length());
    } else if (number.startsWith("+")) {
      prefix = "010";
      number = number.substring(1);
    }
    // Digits must follow the prefix: a bare "+" or "+81" is no number, not "010" or "0". A number
    // longer than any numbering plan allows (E.164: 15 digits) is no number either: it could not be
    // dialled back, and the call log keeps at most MAX_LENGTH characters.
    String national = prefix + number;
    return DIGITS.matcher(number).matches() && national.length() <= MAX_LENGTH
        ? Optional.of(national)
        : Optional.empty();
  }

  /**
   * Whether a URI or number is all digits but longer than any number can be ({@link #MAX_LENGTH}).
   */
  public static boolean isOverlong(String uriOrNumber) {
    if (uriOrNumber == null || toNational(uriOrNumber).isPresent()) {
      return false;
    }
    String number =
        VISUAL_SEPARATORS
            .matcher(unescape(userPart(stripAngleBrackets(uriOrNumber.trim()))))
            .replaceAll("");
    return number.replaceFirst("^\\+", "").matches("\\d{" + (MAX_LENGTH - 2) + ",}");
  }

  private static String stripAngleBrackets(String value) {
    if (value.startsWith("<") && value.endsWith(">")) {
      return value.substring(1, value.length() - 1).trim();
    }
    return value;
  }

  /** The telephone-subscriber part: before any parameter, and before '@' in a SIP URI. */
  private static String userPart(String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    String rest;
    if (lower.startsWith("tel:")) {
      rest = value.substring(4);
    } else if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
      rest = value.substring(value.indexOf(':') + 1);
      int at = rest.lastIndexOf('@');
      if (at < 0) {
        return ""; // a URI with no user part names a host, not a number
      }
      rest = rest.substring(0, at);
    } else if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
      return ""; // another scheme: not a number we can read
    } else {
      rest = value;
    }
    int semicolon = rest.indexOf(';');
    return semicolon < 0 ? rest : rest.substring(0, semicolon);
  }

  private static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        int hex = parseHex(value, i + 1);
        if (hex >= 0) {
          out.append((char) hex);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int parseHex(String value, int from) {
    if (from + 2 > value.length()) {
      return -1;
    }
    try {
      return Integer.parseInt(value.substring(from, from + 2), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
