package jp.callmail.sip.connector.ivr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.callmail.sip.connector.ivr.SdpNegotiation.NotAcceptable;

/**
 * The parts of an SDP body (RFC 4566 §5) that offer/answer needs: connection lines, attributes and
 * media sections.
 *
 * <p>Hand-written rather than JAIN-SIP's {@code gov.nist.javax.sdp} parser, which prints stack
 * traces to standard error on malformed lines: SDP comes from anyone who can send an INVITE, so a
 * bad body must cost one {@link NotAcceptable} and nothing else. Lenient where phones are sloppy
 * (LF line ends, trailing blanks, unknown lines), strict where a mistake would send media astray.
 *
 * @param connection the session-level {@code c=} value
 * @param attributes session-level attributes
 * @param media the {@code m=} sections in order
 */
record SessionDescription(
    Optional<String> connection, List<Attribute> attributes, List<Media> media) {

  /** An {@code a=} line: {@code name} or {@code name:value} (RFC 4566 §5.13). */
  record Attribute(String name, String value) {}

  /**
   * One {@code m=} section (RFC 4566 §5.14).
   *
   * @param type audio, video, ...
   * @param port the transport port; 0 for a refused stream
   * @param protocol e.g. {@code RTP/AVP}
   * @param formats payload types for RTP
   * @param connection the media-level {@code c=} value
   * @param attributes the media-level attributes
   */
  record Media(
      String type,
      int port,
      String protocol,
      List<String> formats,
      Optional<String> connection,
      List<Attribute> attributes) {}

  static SessionDescription parse(String text, String kind) throws NotAcceptable {
    if (text == null || text.isBlank()) {
      throw new NotAcceptable("Empty SDP " + kind);
    }
    String[] lines = text.split("\r?\n");
    if (!lines[0].trim().equals("v=0")) {
      throw new NotAcceptable("Not an SDP " + kind + ": it must begin with v=0");
    }
    String connection = null;
    List<Attribute> attributes = new ArrayList<>();
    List<Media> media = new ArrayList<>();
    MediaBuilder current = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=') {
        throw new NotAcceptable("Unreadable SDP " + kind + ": line '" + shorten(line) + "'");
      }
      String value = line.substring(2).strip();
      switch (line.charAt(0)) {
        case 'm' -> {
          if (current != null) {
            media.add(current.build());
          }
          current = MediaBuilder.of(value, kind);
        }
        case 'c' -> {
          if (current != null) {
            current.connection = value;
          } else {
            connection = value;
          }
        }
        case 'a' -> (current != null ? current.attributes : attributes).add(attribute(value));
        default -> {
          // v, o, s, t, b, k, ... carry nothing the IVR uses
        }
      }
    }
    if (current != null) {
      media.add(current.build());
    }
    return new SessionDescription(
        Optional.ofNullable(connection), List.copyOf(attributes), List.copyOf(media));
  }

  private static Attribute attribute(String value) {
    int colon = value.indexOf(':');
    return colon < 0
        ? new Attribute(value.toLowerCase(Locale.ROOT), "")
        : new Attribute(
            value.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            value.substring(colon + 1).strip());
  }

  private static String shorten(String line) {
    return line.length() <= 40 ? line : line.substring(0, 40) + "...";
  }

  private static final class MediaBuilder {
    private final String type;
    private final int port;
    private final String protocol;
    private final List<String> formats;
    private final List<Attribute> attributes = new ArrayList<>();
    private String connection;

    private MediaBuilder(String type, int port, String protocol, List<String> formats) {
      this.type = type;
      this.port = port;
      this.protocol = protocol;
      this.formats = formats;
    }

    /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} */
    static MediaBuilder of(String value, String kind) throws NotAcceptable {
      String[] fields = value.split("\\s+");
      String port = fields.length >= 3 ? fields[1].split("/", 2)[0] : "";
      if (fields.length < 3 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new NotAcceptable("Unreadable SDP " + kind + ": m=" + shorten(value));
      }
      return new MediaBuilder(
          fields[0].toLowerCase(Locale.ROOT),
          Integer.parseInt(port),
          fields[2],
          List.of(fields).subList(3, fields.length));
    }

    Media build() {
      return new Media(
          type, port, protocol, formats, Optional.ofNullable(connection), List.copyOf(attributes));
    }
  }
}
