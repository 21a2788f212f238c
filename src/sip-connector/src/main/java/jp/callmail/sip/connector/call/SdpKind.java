package jp.callmail.sip.connector.call;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a message body says about its session, as far as telling fax from voice goes: a session is
 * T.38 when an SDP offer or answer has a media line {@code m=image <port> udptl t38} with a port
 * other than 0 (0 declines the stream, RFC 3264 §6).
 *
 * <p>Bodies come from the network: they are read as bytes (ISO-8859-1, one character per byte),
 * lengths and counts in them are never trusted, the work is bounded by the body (already capped by
 * the stack) and by the limits below, and nothing here throws. SDP is found as the body ({@code
 * application/sdp}) or as an {@code application/sdp} part of a {@code multipart/mixed} (or other
 * multipart) body, nested at most {@value #MAX_DEPTH} deep.
 */
public enum SdpKind {
  /** No SDP at all: the message carries no offer or answer (a late offer comes later). */
  NONE,
  /** SDP without an accepted T.38 stream (audio, a declined image stream, or unreadable SDP). */
  OTHER,
  /** SDP with {@code m=image <port> udptl t38}, port not 0. */
  T38;

  private static final int MAX_DEPTH = 3;
  private static final int MAX_PARTS = 32;
  private static final int MAX_LINES = 2_000;

  /**
   * The body's kind.
   *
   * @param mediaType the Content-Type's {@code type/subtype}, any case, or null when none
   * @param boundary the multipart boundary parameter (quotes allowed), or null
   * @param body the raw body, or null
   */
  public static SdpKind of(String mediaType, String boundary, byte[] body) {
    if (body == null || body.length == 0 || mediaType == null) {
      return NONE;
    }
    try {
      return of(
          mediaType.trim().toLowerCase(Locale.ROOT),
          boundary,
          new String(body, StandardCharsets.ISO_8859_1),
          0);
    } catch (RuntimeException unexpected) {
      return OTHER; // never for garbage the code above knows; a last guard for the SIP thread
    }
  }

  /** The kind of an SDP text on its own. */
  public static SdpKind ofSdp(String sdp) {
    if (sdp == null || sdp.isEmpty()) {
      return OTHER;
    }
    int start = 0;
    for (int lines = 0; start < sdp.length() && lines < MAX_LINES; lines++) {
      int end = sdp.indexOf('\n', start);
      if (end < 0) {
        end = sdp.length();
      }
      if (end - start > 2 && sdp.charAt(start) == 'm' && sdp.charAt(start + 1) == '=') {
        if (isT38Media(sdp.substring(start + 2, end))) {
          return T38;
        }
      }
      start = end + 1;
    }
    return OTHER;
  }

  private static SdpKind of(String mediaType, String boundary, String body, int depth) {
    if (mediaType.equals("application/sdp")) {
      return ofSdp(body);
    }
    if (!mediaType.startsWith("multipart/") || depth >= MAX_DEPTH) {
      return NONE;
    }
    String delimiter = boundary == null ? null : unquote(boundary.trim());
    if (delimiter == null || delimiter.isEmpty() || delimiter.length() > 200) {
      return NONE;
    }
    return ofMultipart(body, "--" + delimiter, depth);
  }

  /**
   * RFC 2046 §5.1.1: parts between delimiter lines ({@code --boundary}), each with its own headers,
   * a blank line and its body; the closing delimiter ends with {@code --}.
   */
  private static SdpKind ofMultipart(String body, String delimiter, int depth) {
    SdpKind found = NONE;
    int at = delimiterAt(body, delimiter, 0);
    for (int parts = 0; at >= 0 && parts < MAX_PARTS; parts++) {
      int afterDelimiter = at + delimiter.length();
      if (body.startsWith("--", afterDelimiter)) {
        break; // the close delimiter
      }
      int partStart = body.indexOf('\n', afterDelimiter);
      if (partStart < 0) {
        break;
      }
      partStart++;
      int next = delimiterAt(body, delimiter, partStart);
      int partEnd = next < 0 ? body.length() : next;
      SdpKind part = ofPart(body.substring(partStart, partEnd), depth);
      if (part == T38) {
        return T38;
      }
      if (part == OTHER) {
        found = OTHER;
      }
      at = next;
    }
    return found;
  }

  /** The next delimiter at the start of a line, from {@code from} on; -1 when there is none. */
  private static int delimiterAt(String body, String delimiter, int from) {
    int at = body.indexOf(delimiter, from);
    while (at >= 0 && at > 0 && body.charAt(at - 1) != '\n') {
      at = body.indexOf(delimiter, at + 1);
    }
    return at;
  }

  private static SdpKind ofPart(String part, int depth) {
    String type = "text/plain"; // RFC 2046 §5.1: the default of a part without Content-Type
    String boundary = null;
    int start = 0;
    while (start < part.length()) {
      int end = part.indexOf('\n', start);
      if (end < 0) {
        end = part.length();
      }
      String line = part.substring(start, end);
      start = end + 1;
      if (line.isBlank()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("c")) {
          String value = line.substring(colon + 1).trim();
          int semicolon = value.indexOf(';');
          type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
          boundary = semicolon < 0 ? null : parameter(value.substring(semicolon + 1), "boundary");
        }
      }
    }
    if (start >= part.length()) {
      return NONE;
    }
    return of(type.toLowerCase(Locale.ROOT), boundary, part.substring(start), depth + 1);
  }

  private static String parameter(String parameters, String name) {
    for (String parameter : parameters.split(";", 16)) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase(name)) {
        return parameter.substring(equals + 1).trim();
      }
    }
    return null;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /** {@code <media> <port>[/<count>] <proto> <fmt> ...} (RFC 4566 §5.14). */
  private static boolean isT38Media(String media) {
    String[] fields = media.trim().split("[ \t]+", 64);
    if (fields.length < 4
        || !fields[0].equalsIgnoreCase("image")
        || !fields[2].equalsIgnoreCase("udptl")) {
      return false;
    }
    if (!isNonZeroPort(fields[1])) {
      return false;
    }
    for (int i = 3; i < fields.length; i++) {
      if (fields[i].trim().equalsIgnoreCase("t38")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNonZeroPort(String field) {
    int slash = field.indexOf('/');
    String port = slash < 0 ? field : field.substring(0, slash);
    if (port.isEmpty() || port.length() > 5) {
      return false;
    }
    int value = 0;
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    return value > 0 && value <= 65535;
  }
}
