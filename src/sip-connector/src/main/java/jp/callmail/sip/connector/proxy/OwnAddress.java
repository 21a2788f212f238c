package jp.callmail.sip.connector.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * The proxy's own identity on the wire: recognising its URIs and Via entries, and making them.
 *
 * <p>Branches carry a hash of the request's identity (RFC 3261 §16.6 step 8) followed by a unique
 * counter, so that a request that comes back unchanged is recognised as a loop (§16.3 step 4) while
 * a spiral, whose Request-URI changed, is not.
 */
final class OwnAddress {

  static final String MAGIC = "z9hG4bK";
  private static final String PREFIX = MAGIC + "cm";

  /** Marks a stateless branch; the hex counter of a stateful one never has an "s". */
  private static final String STATELESS = ".s";

  private final String host;
  private final int port;
  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final AtomicLong counter = new AtomicLong(System.nanoTime() & 0xffffff);

  OwnAddress(String host, int port, AddressFactory addresses, HeaderFactory headers) {
    this.host = host;
    this.port = port;
    this.addresses = addresses;
    this.headers = headers;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /** True for a SIP URI that names this proxy (host and port, 5060 when the port is left out). */
  boolean isOwn(URI uri) {
    if (!(uri instanceof SipURI sip)) {
      return false;
    }
    int uriPort = sip.getPort() > 0 ? sip.getPort() : 5060;
    return host.equalsIgnoreCase(sip.getHost()) && uriPort == port;
  }

  boolean isOwn(ViaHeader via) {
    int viaPort = via.getPort() > 0 ? via.getPort() : 5060;
    return host.equalsIgnoreCase(via.getHost()) && viaPort == port;
  }

  /**
   * The transport parameter of the last of this proxy's own entries at the top of the request's
   * Route set (null when there is none, or it names no transport). With double record-routing (RFC
   * 5658) the proxy's two entries differ only in transport, and the last one is the side that faces
   * where the request goes next.
   */
  String ownRouteTransport(Request request) {
    String transport = null;
    ListIterator<?> routes = request.getHeaders(RouteHeader.NAME);
    while (routes.hasNext()) {
      URI uri = ((RouteHeader) routes.next()).getAddress().getURI();
      if (!isOwn(uri)) {
        break;
      }
      transport = ((SipURI) uri).getTransportParam();
    }
    return transport;
  }

  /** A Record-Route entry for this proxy, carrying the dialog's mark (see RouteToken). */
  RecordRouteHeader recordRoute(String transport, String mark) throws ParseException {
    SipURI uri = addresses.createSipURI(null, host);
    uri.setPort(port);
    uri.setTransportParam(transport);
    uri.setLrParam();
    uri.setParameter(RouteToken.PARAMETER, mark);
    return headers.createRecordRouteHeader(addresses.createAddress(uri));
  }

  ViaHeader via(String transport, String branch) throws ParseException, InvalidArgumentException {
    return headers.createViaHeader(host, port, transport, branch);
  }

  /** A branch for forwarding the request: its loop hash plus a unique part. */
  String newBranch(Request request) {
    return PREFIX + loopHash(request) + "." + Long.toHexString(counter.incrementAndGet());
  }

  /** A branch that is the same for every retransmission of a statelessly forwarded request. */
  String statelessBranch(Request request) {
    ViaHeader top = (ViaHeader) request.getHeader(ViaHeader.NAME);
    String upstream = top == null || top.getBranch() == null ? "" : top.getBranch();
    return PREFIX
        + loopHash(request)
        + STATELESS
        + hash(upstream + "|" + request.getMethod()).substring(0, 12);
  }

  /** True for a branch of {@link #statelessBranch}: the request went on with no transaction. */
  static boolean isStatelessBranch(String branch) {
    return branch != null && branch.startsWith(PREFIX) && branch.contains(STATELESS);
  }

  /** §16.3 step 4: one of our own Via entries carries the branch we would put on this request. */
  boolean isLoop(Request request) {
    String mine = PREFIX + loopHash(request) + ".";
    ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
    while (vias.hasNext()) {
      ViaHeader via = (ViaHeader) vias.next();
      if (isOwn(via) && via.getBranch() != null && via.getBranch().startsWith(mine)) {
        return true;
      }
    }
    return false;
  }

  private static String loopHash(Request request) {
    StringBuilder identity = new StringBuilder(256);
    identity.append(request.getRequestURI()).append('|');
    CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    identity.append(callId == null ? "" : callId.getCallId()).append('|');
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    identity.append(from == null ? "" : from.getTag()).append('|');
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    identity.append(to == null ? "" : to.getTag()).append('|');
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    identity.append(cseq == null ? "" : cseq.getSeqNumber() + cseq.getMethod());
    return hash(identity.toString()).substring(0, 16);
  }

  private static String hash(String value) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of()
          .formatHex(md5.digest(value.getBytes(StandardCharsets.UTF_8)))
          .toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }
}
