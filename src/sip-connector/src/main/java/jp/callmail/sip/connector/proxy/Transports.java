package jp.callmail.sip.connector.proxy;

import java.util.List;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * Which transport a forwarded request leaves on: the one its next hop's URI asks for (RFC 3263
 * lite).
 */
final class Transports {

  private Transports() {}

  /**
   * The transport of the top Route's URI, else of the Request-URI. When that names none: the
   * transport of this proxy's own Route entry the request came through, if given, else UDP. A
   * transport the proxy does not listen on falls back to the first one it does.
   *
   * @param ownRouteTransport for a request in a dialog, the transport parameter of the last of the
   *     proxy's own Route entries it carried (see {@link OwnAddress#ownRouteTransport}); with
   *     double record-routing (RFC 5658) that entry is the one facing the next hop, so it names the
   *     transport of that leg even when the peer's Contact does not. Null for other requests.
   */
  static String outgoing(Request forward, List<String> listening, String ownRouteTransport) {
    RouteHeader route = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    URI next = route != null ? route.getAddress().getURI() : forward.getRequestURI();
    String transport =
        ownRouteTransport != null ? ownRouteTransport.toLowerCase(Locale.ROOT) : "udp";
    if (next instanceof SipURI sip && sip.getTransportParam() != null) {
      transport = sip.getTransportParam().toLowerCase(Locale.ROOT);
    }
    return listening.contains(transport) ? transport : listening.get(0);
  }
}
