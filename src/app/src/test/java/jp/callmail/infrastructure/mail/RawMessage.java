package jp.callmail.infrastructure.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A message as the bytes {@link MimeMessage#writeTo} puts on the wire: raw headers and raw body.
 */
final class RawMessage {

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  final byte[] headerBytes;
  final byte[] body;

  private RawMessage(byte[] headerBytes, byte[] body) {
    this.headerBytes = headerBytes;
    this.body = body;
  }

  static RawMessage of(MimeMessage message) throws IOException, MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    byte[] all = out.toByteArray();
    int end = indexOf(all, HEADER_END);
    if (end < 0) {
      throw new AssertionError("no empty line after the headers");
    }
    return new RawMessage(
        Arrays.copyOfRange(all, 0, end + 2), Arrays.copyOfRange(all, end + 4, all.length));
  }

  /** The unfolded value of a header as written (still RFC 2047-encoded); null when absent. */
  String header(String name) {
    String unfolded =
        new String(headerBytes, StandardCharsets.US_ASCII).replaceAll("\r\n(?=[ \t])", "");
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String line : unfolded.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  static boolean isSevenBit(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean hasBareLineFeedOrCarriageReturn(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      boolean bareCr = bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n');
      boolean bareLf = bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r');
      if (bareCr || bareLf) {
        return true;
      }
    }
    return false;
  }

  static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
