package jp.callmail.interfaces.operator.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jp.callmail.domain.model.RuleViolation;

/**
 * Reads an uploaded file into text: never more than the limit (a bigger file is refused while it
 * arrives, not after it filled the memory), and strictly UTF-8, so that a Shift_JIS export is
 * refused with a clear message rather than imported as mojibake.
 */
public final class ImportBody {

  private ImportBody() {}

  /** The body is larger than an import may be (REST: 413). */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("An import file is at most " + max + " bytes; split it into several files");
    }
  }

  public static String read(InputStream body, String contentType, int maxBytes) throws IOException {
    if (contentType != null) {
      String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
      int at = lower.indexOf("charset=");
      if (at >= 0 && !lower.substring(at + 8).replace("\"", "").startsWith("utf-8")) {
        throw new RuleViolation(
            "body", "utf-8", "Send the file as UTF-8 (charset=UTF-8), not " + contentType);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while (body != null && (n = body.read(buffer)) > 0) {
      if (bytes.size() + n > maxBytes) {
        throw new TooLarge(maxBytes);
      }
      bytes.write(buffer, 0, n);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RuleViolation(
          "body",
          "utf-8",
          "The file is not UTF-8 text; save it as UTF-8 (CSV UTF-8) and send it again");
    }
  }
}
