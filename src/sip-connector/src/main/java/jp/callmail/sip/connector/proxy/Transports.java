package jp.callmail.sip.connector.proxy;

import java.util.List;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/** Which transport a forwarded request leaves on: the one its next hop's URI asks for (RFC 3263 lite). */
final class Transports {

  private Transports() {}

  /**
   * The transport of the top Route's URI, else of the Request-URI; UDP when neither names one. A
   * transport the proxy does not listen on falls back to the first one it does.
   */
  static String outgoing(Request forward, List<String> listening) {
    RouteHeader route = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    URI next = route != null ? route.getAddress().getURI() : forward.getRequestURI();
    String transport = "udp";
    if (next instanceof SipURI sip && sip.getTransportParam() != null) {
      transport = sip.getTransportParam().toLowerCase(Locale.ROOT);
    }
    return listening.contains(transport) ? transport : listening.get(0);
  }
}
