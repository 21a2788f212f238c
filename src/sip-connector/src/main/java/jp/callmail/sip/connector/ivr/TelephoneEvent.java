package jp.callmail.sip.connector.ivr;

import java.util.Optional;

/**
 * One telephone-event payload block of RFC 4733 §2.3.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * @param event the event code; 0-15 are the DTMF keys (RFC 4733 §3.2)
 * @param end the E bit: the event has ended
 * @param volume power level of the tone in -dBm0, 0-63
 * @param duration in timestamp units since the event began, 0-65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

  /** One block; RFC 4733 §2.3 allows several only in the deprecated multi-event form. */
  public static final int LENGTH = 4;

  private static final String DTMF_KEYS = "0123456789*#ABCD";

  public TelephoneEvent {
    if (event < 0
        || event > 255
        || volume < 0
        || volume > 63
        || duration < 0
        || duration > 0xFFFF) {
      throw new IllegalArgumentException("telephone-event field out of range");
    }
  }

  /** Reads the first block of a payload; empty when it is shorter than a block. */
  public static Optional<TelephoneEvent> parse(byte[] payload) {
    if (payload.length < LENGTH) {
      return Optional.empty();
    }
    return Optional.of(
        new TelephoneEvent(
            payload[0] & 0xFF,
            (payload[1] & 0x80) != 0, // R (0x40) is reserved and ignored
            payload[1] & 0x3F,
            (payload[2] & 0xFF) << 8 | (payload[3] & 0xFF)));
  }

  public byte[] encode() {
    return new byte[] {
      (byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8), (byte) duration
    };
  }

  /** The key: 0-9, {@code *} (10), {@code #} (11), A-D (12-15); empty for any other event. */
  public Optional<Character> key() {
    return keyOf(event);
  }

  /** The DTMF key of an event code (RFC 4733 §3.2 Table 7). */
  public static Optional<Character> keyOf(int event) {
    return event >= 0 && event < DTMF_KEYS.length()
        ? Optional.of(DTMF_KEYS.charAt(event))
        : Optional.empty();
  }

  /** The event code of a DTMF key. */
  public static int eventOf(char key) {
    int code = DTMF_KEYS.indexOf(Character.toUpperCase(key));
    if (code < 0) {
      throw new IllegalArgumentException("not a DTMF key: " + key);
    }
    return code;
  }
}
