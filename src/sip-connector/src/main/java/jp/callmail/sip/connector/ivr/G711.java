package jp.callmail.sip.connector.ivr;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit mu-law / A-law.
 *
 * <p>The segment arithmetic of the public-domain Sun reference implementation (g711.c), which
 * follows the G.711 tables: mu-law works on 14-bit magnitudes with a bias of 33 (0x84 at 16 bits),
 * A-law on 13-bit magnitudes; both invert bits on the wire (mu-law all bits, A-law the even bits,
 * mask 0x55). Written out rather than table-driven: prompts are encoded once at start-up.
 */
public final class G711 {

  private static final int SIGN_BIT = 0x80;
  private static final int QUANT_MASK = 0x0F;
  private static final int SEG_SHIFT = 4;
  private static final int SEG_MASK = 0x70;

  /** mu-law bias at 16 bits (G.711 Table 2a: 33 at 14 bits). */
  private static final int ULAW_BIAS = 0x84;

  /** Largest 14-bit magnitude before the bias is added. */
  private static final int ULAW_CLIP = 8159;

  private static final int[] ULAW_SEGMENT_END = {
    0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF
  };
  private static final int[] ALAW_SEGMENT_END = {
    0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF
  };

  private G711() {}

  /** Encodes one linear sample as mu-law. {@code linearToUlaw(0) == (byte) 0xFF}. */
  public static byte linearToUlaw(short sample) {
    int value = sample >> 2; // 14-bit
    int mask;
    if (value < 0) {
      value = -value;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    value = Math.min(value, ULAW_CLIP) + (ULAW_BIAS >> 2);
    int segment = segment(value, ULAW_SEGMENT_END);
    if (segment >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int code = (segment << SEG_SHIFT) | ((value >> (segment + 1)) & QUANT_MASK);
    return (byte) (code ^ mask);
  }

  /** Decodes one mu-law octet. */
  public static short ulawToLinear(byte ulaw) {
    int code = ~ulaw & 0xFF;
    int t = ((code & QUANT_MASK) << 3) + ULAW_BIAS;
    t <<= (code & SEG_MASK) >> SEG_SHIFT;
    return (short) ((code & SIGN_BIT) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
  }

  /** Encodes one linear sample as A-law. {@code linearToAlaw(0) == (byte) 0xD5}. */
  public static byte linearToAlaw(short sample) {
    int value = sample >> 3; // 13-bit
    int mask;
    if (value >= 0) {
      mask = 0xD5; // sign bit set for positive values, even bits inverted
    } else {
      mask = 0x55;
      value = -value - 1;
    }
    int segment = segment(value, ALAW_SEGMENT_END);
    if (segment >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int code = segment << SEG_SHIFT;
    code |= segment < 2 ? (value >> 1) & QUANT_MASK : (value >> segment) & QUANT_MASK;
    return (byte) (code ^ mask);
  }

  /** Decodes one A-law octet. */
  public static short alawToLinear(byte alaw) {
    int code = (alaw & 0xFF) ^ 0x55;
    int t = (code & QUANT_MASK) << 4;
    int segment = (code & SEG_MASK) >> SEG_SHIFT;
    switch (segment) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> t = (t + 0x108) << (segment - 1);
    }
    return (short) ((code & SIGN_BIT) != 0 ? t : -t);
  }

  private static int segment(int value, int[] ends) {
    for (int i = 0; i < ends.length; i++) {
      if (value <= ends[i]) {
        return i;
      }
    }
    return ends.length;
  }
}
