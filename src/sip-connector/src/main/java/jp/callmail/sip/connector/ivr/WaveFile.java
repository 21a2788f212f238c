package jp.callmail.sip.connector.ivr;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a RIFF WAVE file into linear 16-bit samples, mono, at the file's own rate.
 *
 * <p>Accepts what audio tools commonly write for a voice prompt: PCM 16-bit little-endian (format
 * 1), G.711 A-law (6) and mu-law (7), also wrapped in WAVE_FORMAT_EXTENSIBLE (0xFFFE); several
 * channels are mixed down. Unknown chunks (LIST, fact, ...) are skipped; a data chunk whose size
 * was never filled in by a streaming writer is read to the end of the file.
 */
final class WaveFile {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_ALAW = 6;
  private static final int FORMAT_MULAW = 7;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  /** The audio of a file: mono samples at {@code sampleRate} Hz. */
  record Audio(short[] samples, int sampleRate) {}

  private WaveFile() {}

  /**
   * @throws IOException with a message saying what is wrong with the file
   */
  static Audio read(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length < 12 || !ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) {
      throw new IOException("not a RIFF WAVE file");
    }
    int format = -1;
    int channels = 0;
    int sampleRate = 0;
    int bits = 0;
    int offset = 12;
    while (offset + 8 <= bytes.length) {
      long size = u32(bytes, offset + 4);
      int body = offset + 8;
      if (ascii(bytes, offset, "fmt ")) {
        if (size < 16 || body + 16 > bytes.length) {
          throw new IOException("fmt chunk is too short");
        }
        format = u16(bytes, body);
        channels = u16(bytes, body + 2);
        sampleRate = (int) u32(bytes, body + 4);
        bits = u16(bytes, body + 14);
        if (format == FORMAT_EXTENSIBLE) {
          if (size < 40 || body + 26 > bytes.length) {
            throw new IOException("WAVE_FORMAT_EXTENSIBLE fmt chunk is too short");
          }
          format = u16(bytes, body + 24); // first two octets of the SubFormat GUID
        }
      } else if (ascii(bytes, offset, "data")) {
        if (format < 0) {
          throw new IOException("data chunk before the fmt chunk");
        }
        int end = size > bytes.length - body ? bytes.length : body + (int) size;
        return new Audio(decode(bytes, body, end, format, channels, bits), check(sampleRate));
      }
      offset = (int) Math.min(bytes.length, body + size + (size & 1)); // chunks are word-aligned
    }
    throw new IOException("no data chunk");
  }

  private static short[] decode(byte[] b, int from, int to, int format, int channels, int bits)
      throws IOException {
    if (channels < 1) {
      throw new IOException("no channels");
    }
    int width;
    if (format == FORMAT_PCM && bits == 16) {
      width = 2;
    } else if ((format == FORMAT_ALAW || format == FORMAT_MULAW) && bits == 8) {
      width = 1;
    } else {
      throw new IOException(
          "format "
              + format
              + " with "
              + bits
              + " bits per sample is not supported: "
              + "use PCM 16-bit (format 1), A-law (6) or mu-law (7)");
    }
    int frames = (to - from) / (width * channels);
    short[] out = new short[frames];
    for (int f = 0; f < frames; f++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        int i = from + (f * channels + c) * width;
        sum +=
            switch (format) {
              case FORMAT_PCM -> (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
              case FORMAT_ALAW -> G711.alawToLinear(b[i]);
              default -> G711.ulawToLinear(b[i]);
            };
      }
      out[f] = (short) (sum / channels);
    }
    return out;
  }

  private static int check(int sampleRate) throws IOException {
    if (sampleRate < 1000 || sampleRate > 384_000) {
      throw new IOException("implausible sample rate " + sampleRate + " Hz");
    }
    return sampleRate;
  }

  private static boolean ascii(byte[] b, int offset, String tag) {
    for (int i = 0; i < 4; i++) {
      if (b[offset + i] != tag.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int i) {
    return u16(b, i) | (long) u16(b, i + 2) << 16;
  }
}
