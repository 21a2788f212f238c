package jp.callmail.sip.connector.ivr;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the key of a SIP INFO carrying DTMF, for phones that do not send RFC 4733 events.
 *
 * <p>Neither body has an RFC. {@code application/dtmf-relay} is the Cisco form, lines of {@code
 * Key=value} ({@code Signal=5}, {@code Duration=160}); {@code application/dtmf} is the bare key.
 * Both appear with the key as a character or as its RFC 4733 event number ({@code 10} for {@code
 * *}, {@code 11} for {@code #}), so both spellings are accepted.
 */
public final class DtmfInfo {

  private static final String DTMF_RELAY = "application/dtmf-relay";
  private static final String DTMF = "application/dtmf";

  private DtmfInfo() {}

  /**
   * @param contentType the Content-Type header value; parameters and case are ignored
   * @param body the message body
   * @return the key, or empty when the body is not a DTMF key this IVR understands
   */
  public static Optional<Character> parse(String contentType, byte[] body) {
    if (contentType == null || body == null) {
      return Optional.empty();
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String text = new String(body, StandardCharsets.US_ASCII);
    return switch (type) {
      case DTMF_RELAY -> signal(text);
      case DTMF -> key(text.trim());
      default -> Optional.empty();
    };
  }

  private static Optional<Character> signal(String text) {
    for (String line : text.split("\r?\n|\r")) {
      int equals = line.indexOf('=');
      if (equals > 0 && line.substring(0, equals).trim().equalsIgnoreCase("signal")) {
        return key(line.substring(equals + 1).trim());
      }
    }
    return Optional.empty();
  }

  private static Optional<Character> key(String value) {
    if (value.length() == 1) {
      char c = Character.toUpperCase(value.charAt(0));
      return "0123456789*#ABCD".indexOf(c) >= 0 ? Optional.of(c) : Optional.empty();
    }
    if (value.matches("1[0-5]")) {
      return TelephoneEvent.keyOf(Integer.parseInt(value)); // 10 = '*', 11 = '#', 12-15 = A-D
    }
    return Optional.empty();
  }
}
