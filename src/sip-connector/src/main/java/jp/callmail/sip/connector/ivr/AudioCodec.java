package jp.callmail.sip.connector.ivr;

import java.util.Locale;
import java.util.Optional;

/**
 * The two audio codecs every SIP phone has: G.711 mu-law and A-law, with their static payload types
 * of RFC 3551 §6 Table 4. The IVR offers nothing else, so no transcoding is ever needed.
 */
public enum AudioCodec {
  PCMU(0, "PCMU", (byte) 0xFF),
  PCMA(8, "PCMA", (byte) 0xD5);

  /** Both are 8000 Hz (RFC 3551 §4.5.14). */
  public static final int CLOCK_RATE = 8000;

  private final int payloadType;
  private final String encodingName;
  private final byte silence;

  AudioCodec(int payloadType, String encodingName, byte silence) {
    this.payloadType = payloadType;
    this.encodingName = encodingName;
    this.silence = silence;
  }

  /** The static payload type (RFC 3551 §6). */
  public int payloadType() {
    return payloadType;
  }

  /** The encoding name of {@code a=rtpmap} (RFC 4566 §6). */
  public String encodingName() {
    return encodingName;
  }

  public int clockRate() {
    return CLOCK_RATE;
  }

  /** The octet of a zero sample, used to fill the last packet of a prompt. */
  public byte silence() {
    return silence;
  }

  /** Companded samples, one octet per 8 kHz sample. */
  public byte[] encode(short[] pcm) {
    byte[] out = new byte[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = this == PCMU ? G711.linearToUlaw(pcm[i]) : G711.linearToAlaw(pcm[i]);
    }
    return out;
  }

  /** The codec with this static payload type. */
  public static Optional<AudioCodec> byPayloadType(int payloadType) {
    for (AudioCodec c : values()) {
      if (c.payloadType == payloadType) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The codec with this encoding name (case-insensitive, RFC 4855 §3). */
  public static Optional<AudioCodec> byEncodingName(String name) {
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
