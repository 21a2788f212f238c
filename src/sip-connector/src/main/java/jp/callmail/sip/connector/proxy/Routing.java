package jp.callmail.sip.connector.proxy;

import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * Where a request goes next (RFC 3261 §16.4-16.6): the Route set processed, this proxy's own
 * entries taken off (and their dialog mark checked), and, when nothing else says, callmail's
 * routing policy: the called line's downstream route, else the default next hop.
 */
final class Routing {

  private final ProxySettings settings;
  private final OwnAddress own;
  private final LineLookup lines;
  private final AddressFactory addresses;
  private final HeaderFactory headers;

  Routing(
      ProxySettings settings,
      OwnAddress own,
      LineLookup lines,
      AddressFactory addresses,
      HeaderFactory headers) {
    this.settings = settings;
    this.own = own;
    this.lines = lines;
    this.addresses = addresses;
    this.headers = headers;
  }

  /**
   * §16.5/16.6 step 6: a request with no Route goes by routing policy when it starts a dialog, or
   * when its target is this proxy itself (a peer that ignores Record-Route sends in-dialog requests
   * that way): the line's downstream route, else the default next hop, else the Request-URI.
   *
   * @return the called line of an initial INVITE or of a request routed by policy, else null
   */
  LineRoute route(Request request, Request forward) throws Exception {
    boolean outOfDialog =
        ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null; // To checked in validation
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    LineRoute line = null;
    boolean byPolicy = !routed && (outOfDialog || own.isOwn(forward.getRequestURI()));
    if (byPolicy || (outOfDialog && SipMessages.isInitialInvite(request))) {
      line = lookupLine(forward.getRequestURI());
    }
    if (byPolicy) {
      String nextHop =
          line != null && line.downstreamRoute() != null
              ? line.downstreamRoute()
              : settings.defaultNextHop();
      pushRoute(forward, nextHop);
    }
    return line;
  }

  boolean hasNoRoute(Request forward) {
    return forward.getHeader(RouteHeader.NAME) == null
        && (!(forward.getRequestURI() instanceof SipURI) || own.isOwn(forward.getRequestURI()));
  }

  /**
   * §16.4: undo a strict-routing previous hop, then take this proxy's own entries off the Route
   * set.
   *
   * @return {@link RouteSet#TO_PROXY} when the request is addressed to the proxy itself and has
   *     nowhere else to go; {@link RouteSet#DIALOG} when an own entry carried the mark of this
   *     request's dialog (see {@link RouteToken}), i.e. the dialog was set up through this proxy
   */
  RouteSet processRouteSet(Request forward) {
    if (own.isOwn(forward.getRequestURI())
        && ((SipURI) forward.getRequestURI()).getUser() == null) {
      RouteHeader last = SipMessages.lastRoute(forward);
      if (last == null) {
        return RouteSet.TO_PROXY;
      }
      forward.setRequestURI(last.getAddress().getURI());
      forward.removeLast(RouteHeader.NAME);
    }
    boolean marked = false;
    String callId = ((CallIdHeader) forward.getHeader(CallIdHeader.NAME)).getCallId();
    RouteHeader top = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    while (top != null && own.isOwn(top.getAddress().getURI())) {
      String mark = ((SipURI) top.getAddress().getURI()).getParameter(RouteToken.PARAMETER);
      marked |= settings.routeToken().verifies(callId, mark);
      forward.removeFirst(RouteHeader.NAME);
      top = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    }
    return marked ? RouteSet.DIALOG : RouteSet.FORWARD;
  }

  /** What §16.4's processing of the Route set left. */
  enum RouteSet {
    /** Addressed to the proxy, nothing left to follow. */
    TO_PROXY,
    /** To be forwarded; no own entry with this dialog's mark was seen. */
    FORWARD,
    /** To be forwarded along a dialog that was set up through this proxy. */
    DIALOG
  }

  LineRoute lookupLine(URI target) {
    String number = SipMessages.calledNumber(target);
    return number == null ? null : lines.lookup(number);
  }

  /** §16.6 step 6: a next hop chosen by policy is visited through a pushed loose route. */
  void pushRoute(Request forward, String nextHop) throws Exception {
    if (nextHop == null) {
      return;
    }
    URI uri = addresses.createURI(nextHop);
    if (uri instanceof SipURI sip) {
      sip.setLrParam();
    }
    forward.addFirst(headers.createRouteHeader(addresses.createAddress(uri)));
  }

  /**
   * The transport toward the next hop. A request in a dialog follows the route set this proxy's
   * Record-Route made: the transport of its own last Route entry is that of the leg it leaves on
   * (RFC 5658), which matters when the peer's Contact names no transport (a TCP caller's Contact
   * often does not, and the callee's BYE must not go to it over UDP).
   */
  String outgoingTransport(Request request, Request forward) {
    boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
    return Transports.outgoing(
        forward, settings.transports(), inDialog ? own.ownRouteTransport(request) : null);
  }

  String supported(String transport) {
    return settings.transports().contains(transport) ? transport : settings.transports().get(0);
  }
}
