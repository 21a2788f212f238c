package jp.callmail.sip.connector.ivr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.callmail.sip.connector.ivr.SessionDescription.Attribute;
import jp.callmail.sip.connector.ivr.SessionDescription.Media;

/**
 * The offer/answer exchange of RFC 3264 for the IVR's one audio stream.
 *
 * <p>The IVR accepts the first audio stream that it can use and answers with G.711 in whichever law
 * the caller listed first, plus telephone-events (RFC 4733) when offered, so that no media is ever
 * transcoded. Every other stream is refused with port 0 in the same position, as RFC 3264 §6
 * requires. Whatever the IVR cannot read or use becomes a {@link NotAcceptable} whose message is
 * fit for a 488 reason phrase.
 */
public final class SdpNegotiation {

  /** The telephone-event payload type the IVR offers (a dynamic type, RFC 3551 §3). */
  public static final int OFFERED_TELEPHONE_EVENT_PT = 101;

  /** The IVR sends 20 ms packets whatever the peer's {@code a=ptime} says (RFC 3551 §4.5). */
  public static final int PTIME = 20;

  private static final String RTP_AVP = "RTP/AVP";
  private static final String TELEPHONE_EVENT = "telephone-event";
  private static final Pattern IP4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private SdpNegotiation() {}

  /** Stream direction of RFC 3264 §5.1, as seen from the side that wrote the SDP. */
  public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The direction of the answer to an offer with this direction (RFC 3264 §6.1). */
    public Direction reverse() {
      return switch (this) {
        case SENDONLY -> RECVONLY;
        case RECVONLY -> SENDONLY;
        default -> this;
      };
    }

    /** Whether the writer of the SDP wants to receive media. */
    public boolean receives() {
      return this == SENDRECV || this == RECVONLY;
    }

    String attribute() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The audio stream both sides agreed on.
   *
   * @param remote where to send RTP: the stream's port at its {@code c=} address
   * @param codec the G.711 law to send and receive
   * @param audioPayloadType the payload type of the codec in this session (normally 0 or 8)
   * @param telephoneEventPayloadType the telephone-event payload type, -1 when not negotiated
   * @param remoteDirection the direction the peer gave its stream
   * @param ptime the peer's {@code a=ptime} in milliseconds, 0 when absent (the IVR sends 20 ms)
   * @param streams the media lines of the offer as {@code <media> <proto> <first format>}, in order
   * @param streamIndex which of {@code streams} is this audio stream
   */
  public record Negotiated(
      InetSocketAddress remote,
      AudioCodec codec,
      int audioPayloadType,
      int telephoneEventPayloadType,
      Direction remoteDirection,
      int ptime,
      List<String> streams,
      int streamIndex) {

    public Negotiated {
      streams = List.copyOf(streams);
    }

    /** Whether the peer can send RFC 4733 events. */
    public boolean hasTelephoneEvents() {
      return telephoneEventPayloadType >= 0;
    }

    /**
     * Whether the IVR should send audio: the peer receives, and is not on hold with the {@code
     * c=0.0.0.0} of RFC 2543 (RFC 3264 §8.4).
     */
    public boolean sendAudio() {
      return remoteDirection.receives() && !remote.getAddress().isAnyLocalAddress();
    }
  }

  /** The SDP cannot be accepted; the message says why, for a 488 reason phrase or a log. */
  public static final class NotAcceptable extends Exception {
    private static final long serialVersionUID = 1L;

    public NotAcceptable(String message) {
      super(message);
    }

    public NotAcceptable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Chooses the stream and codec for an offer (RFC 3264 §6).
   *
   * @throws NotAcceptable when there is no usable audio stream or no G.711 in it
   */
  public static Negotiated fromOffer(String sdp) throws NotAcceptable {
    return negotiate(sdp, "offer");
  }

  /**
   * Reads the answer to {@link #offer} (RFC 3264 §7), e.g. from the ACK of an INVITE without SDP.
   *
   * @throws NotAcceptable when the answer refused audio or chose a codec the IVR did not offer
   */
  public static Negotiated fromAnswer(String sdp) throws NotAcceptable {
    return negotiate(sdp, "answer");
  }

  /** A complete answer that accepts {@code n} and refuses the offer's other streams. */
  public static String answer(
      Negotiated n, String localAddress, int localPort, long sessionId, long version) {
    StringBuilder sdp = header(localAddress, sessionId, version);
    for (int i = 0; i < n.streams().size(); i++) {
      if (i == n.streamIndex()) {
        audio(
            sdp,
            localPort,
            Map.of(n.audioPayloadType(), rtpmapOf(n.codec())),
            n.telephoneEventPayloadType(),
            n.remoteDirection().reverse());
      } else {
        String[] stream = n.streams().get(i).split(" ");
        line(sdp, "m=" + stream[0] + " 0 " + stream[1] + " " + stream[2]); // rejected (§6)
      }
    }
    return sdp.toString();
  }

  /** An offer of PCMU, PCMA and telephone-events, for an INVITE that came without SDP. */
  public static String offer(String localAddress, int localPort, long sessionId, long version) {
    StringBuilder sdp = header(localAddress, sessionId, version);
    Map<Integer, String> g711 = new LinkedHashMap<>();
    for (AudioCodec codec : AudioCodec.values()) {
      g711.put(codec.payloadType(), rtpmapOf(codec));
    }
    audio(sdp, localPort, g711, OFFERED_TELEPHONE_EVENT_PT, Direction.SENDRECV);
    return sdp.toString();
  }

  private static Negotiated negotiate(String text, String kind) throws NotAcceptable {
    SessionDescription session = SessionDescription.parse(text, kind);
    List<String> streams = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Negotiated chosen = null;
    for (int i = 0; i < session.media().size(); i++) {
      Media m = session.media().get(i);
      streams.add(
          m.type() + " " + m.protocol() + " " + (m.formats().isEmpty() ? "0" : m.formats().get(0)));
      if (chosen == null && m.type().equals("audio")) {
        try {
          chosen = audioStream(session, m, i);
        } catch (NotAcceptable e) {
          refusals.add(e.getMessage());
        }
      }
    }
    if (chosen == null) {
      throw new NotAcceptable(
          refusals.isEmpty() ? "No audio stream in the " + kind : String.join("; ", refusals));
    }
    return new Negotiated(
        chosen.remote(),
        chosen.codec(),
        chosen.audioPayloadType(),
        chosen.telephoneEventPayloadType(),
        chosen.remoteDirection(),
        chosen.ptime(),
        streams,
        chosen.streamIndex());
  }

  private static Negotiated audioStream(SessionDescription session, Media m, int index)
      throws NotAcceptable {
    if (m.port() == 0) {
      throw new NotAcceptable("Audio stream refused with port 0");
    }
    if (!RTP_AVP.equalsIgnoreCase(m.protocol())) {
      throw new NotAcceptable("Audio over " + m.protocol() + " is not supported, only RTP/AVP");
    }
    AudioCodec codec = null;
    int audioPt = -1;
    int eventPt = -1;
    for (String format : m.formats()) {
      int pt = payloadType(format);
      Optional<String[]> map = rtpmap(m.attributes(), pt); // {encoding, clock rate}
      Optional<AudioCodec> g711 =
          pt == 0 || pt == 8
              ? AudioCodec.byPayloadType(pt) // static types need no rtpmap (RFC 3551 §6)
              : map.filter(r -> r[1].equals("8000")).flatMap(r -> AudioCodec.byEncodingName(r[0]));
      if (codec == null && g711.isPresent()) {
        codec = g711.get();
        audioPt = pt;
      } else if (eventPt < 0
          && map.isPresent()
          && map.get()[0].equalsIgnoreCase(TELEPHONE_EVENT)
          && map.get()[1].equals("8000")) {
        eventPt = pt;
      }
    }
    if (codec == null) {
      throw new NotAcceptable(
          "No PCMU or PCMA in the audio stream (payload types "
              + String.join(" ", m.formats())
              + ")");
    }
    String c =
        m.connection()
            .or(session::connection) // media-level c= first (RFC 4566 §5.7)
            .orElseThrow(() -> new NotAcceptable("No c= line for the audio stream"));
    InetSocketAddress remote = new InetSocketAddress(address(c), m.port());
    Direction direction =
        direction(m.attributes())
            .or(() -> direction(session.attributes()))
            .orElse(Direction.SENDRECV);
    int ptime =
        m.attributes().stream()
            .filter(a -> a.name().equals("ptime") && a.value().matches("\\d{1,4}"))
            .mapToInt(a -> Integer.parseInt(a.value()))
            .findFirst()
            .orElse(0);
    return new Negotiated(remote, codec, audioPt, eventPt, direction, ptime, List.of(), index);
  }

  /**
   * The address of a c= line, {@code IN IP4 <address>} (RFC 4566 §5.7): a literal IPv4 or IPv6
   * address, never a name, so that no DNS lookup happens on a SIP thread.
   */
  private static InetAddress address(String connection) throws NotAcceptable {
    String[] fields = connection.split("\\s+");
    if (fields.length != 3 || !fields[0].equals("IN")) {
      throw new NotAcceptable("Unreadable connection line c=" + connection);
    }
    String type = fields[1];
    String address = fields[2].split("/", 2)[0]; // multicast TTL / count
    boolean literal =
        type.equalsIgnoreCase("IP4")
            ? IP4.matcher(address).matches()
            : type.equalsIgnoreCase("IP6") && IP6.matcher(address).matches();
    if (!literal) {
      throw new NotAcceptable(
          "Connection address " + type + " " + address + " is not an IP address");
    }
    try {
      return InetAddress.getByName(address); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new NotAcceptable("Bad connection address " + address, e);
    }
  }

  private static Optional<Direction> direction(List<Attribute> attributes) {
    for (Attribute a : attributes) {
      for (Direction d : Direction.values()) {
        if (a.name().equals(d.attribute())) {
          return Optional.of(d);
        }
      }
    }
    return Optional.empty();
  }

  /** The encoding name and clock rate of {@code a=rtpmap:<pt> <name>/<rate>[/<channels>]}. */
  private static Optional<String[]> rtpmap(List<Attribute> attributes, int pt) {
    for (Attribute a : attributes) {
      String[] parts = a.value().split("\\s+", 2);
      if (a.name().equals("rtpmap") && parts.length == 2 && parts[0].equals(Integer.toString(pt))) {
        String[] encoding = parts[1].split("/");
        if (encoding.length >= 2) {
          return Optional.of(new String[] {encoding[0].trim(), encoding[1].trim()});
        }
      }
    }
    return Optional.empty();
  }

  private static int payloadType(String format) {
    return format.matches("\\d{1,3}") ? Integer.parseInt(format) : -1;
  }

  private static StringBuilder header(String localAddress, long sessionId, long version) {
    String addressType = localAddress.contains(":") ? "IP6" : "IP4";
    StringBuilder sdp = new StringBuilder(256);
    line(sdp, "v=0");
    String address = "IN " + addressType + " " + localAddress;
    line(sdp, "o=callmail " + sessionId + " " + version + " " + address);
    line(sdp, "s=callmail IVR");
    line(sdp, "c=" + address);
    line(sdp, "t=0 0");
    return sdp;
  }

  /**
   * The audio media section.
   *
   * @param formats payload type to {@code a=rtpmap} encoding, in order of preference
   */
  private static void audio(
      StringBuilder sdp, int port, Map<Integer, String> formats, int eventPt, Direction direction) {
    Map<Integer, String> all = new LinkedHashMap<>(formats);
    if (eventPt >= 0) {
      all.put(eventPt, TELEPHONE_EVENT + "/8000");
    }
    StringBuilder m = new StringBuilder("m=audio ").append(port).append(' ').append(RTP_AVP);
    all.keySet().forEach(pt -> m.append(' ').append(pt));
    line(sdp, m.toString());
    all.forEach((pt, encoding) -> line(sdp, "a=rtpmap:" + pt + " " + encoding));
    if (eventPt >= 0) {
      line(sdp, "a=fmtp:" + eventPt + " 0-15"); // the DTMF events (RFC 4733 §2.4.1)
    }
    line(sdp, "a=ptime:" + PTIME);
    line(sdp, "a=" + direction.attribute());
  }

  private static String rtpmapOf(AudioCodec codec) {
    return codec.encodingName() + "/" + codec.clockRate();
  }

  private static void line(StringBuilder sdp, String line) {
    sdp.append(line).append("\r\n"); // RFC 4566 §5: CRLF
  }
}
