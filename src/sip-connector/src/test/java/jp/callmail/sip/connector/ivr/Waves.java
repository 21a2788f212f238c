package jp.callmail.sip.connector.ivr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small WAVE files made in the test, so no test depends on the recorded prompts. */
final class Waves {

  private Waves() {}

  /** A sine tone as mono 16-bit PCM. */
  static short[] tone(int rate, double hz, int millis, int amplitude) {
    short[] s = new short[rate * millis / 1000];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }

  /** The same value throughout: a prompt the test can recognise by its G.711 octet. */
  static short[] level(int rate, int millis, int value) {
    short[] s = new short[rate * millis / 1000];
    Arrays.fill(s, (short) value);
    return s;
  }

  static byte[] pcm16(int rate, int channels, short[] interleaved) {
    ByteBuffer data = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : interleaved) {
      data.putShort(v);
    }
    return wave(1, rate, channels, 16, data.array(), false);
  }

  static byte[] pcm16(int rate, short[] mono) {
    return pcm16(rate, 1, mono);
  }

  /** G.711 in WAVE: format 7 (mu-law) or 6 (A-law). */
  static byte[] g711(AudioCodec codec, int rate, short[] mono) {
    return wave(codec == AudioCodec.PCMU ? 7 : 6, rate, 1, 8, codec.encode(mono), false);
  }

  /** PCM in WAVE_FORMAT_EXTENSIBLE, with a LIST chunk before the data. */
  static byte[] extensible(int rate, short[] mono) {
    ByteBuffer data = ByteBuffer.allocate(mono.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : mono) {
      data.putShort(v);
    }
    return wave(1, rate, 1, 16, data.array(), true);
  }

  private static byte[] wave(
      int format, int rate, int channels, int bits, byte[] data, boolean ext) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int fmtSize = ext ? 40 : 16;
    byte[] list = "LIST\u0005\u0000\u0000\u0000INFOx\u0000".getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b =
        ByteBuffer.allocate(12 + 8 + fmtSize + (ext ? list.length : 0) + 8 + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(b.capacity() - 8)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
    b.putShort((short) (ext ? 0xFFFE : format)).putShort((short) channels).putInt(rate);
    b.putInt(rate * channels * bits / 8)
        .putShort((short) (channels * bits / 8))
        .putShort((short) bits);
    if (ext) {
      b.putShort((short) 22).putShort((short) bits).putInt(4); // cbSize, valid bits, channel mask
      b.putShort((short) format).put(new byte[14]); // SubFormat GUID
      b.put(list); // odd-sized chunk: 13 bytes of chunk + 1 pad
    }
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    out.writeBytes(b.array());
    return out.toByteArray();
  }
}
