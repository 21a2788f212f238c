package jp.callmail.sip.connector.proxy;

import java.util.ListIterator;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import jp.callmail.sip.connector.logging.RateLimitedLog;
import jp.callmail.sip.connector.trust.Peers;

/**
 * Where a peer's request may go, and which identity travels with it: what keeps callmail from being
 * an open relay (SPEC §3, "Trust boundary").
 *
 * <p>A request goes on when its next hop came from callmail's own routing policy (a watched line's
 * route, the default next hop), when it follows a dialog that was set up through callmail (its
 * Route carried callmail's mark), or when the host its Route or Request-URI names is itself a
 * configured peer: for an initial request only if an upstream peer sent it. Anything else is
 * refused with 403, so nobody can place calls through the carrier's core or probe hosts behind
 * callmail.
 *
 * <p>P-Asserted-Identity is believed only from upstream peers and removed from every request that
 * comes from anyone else (RFC 3325 §5); with {@code Privacy: id} it is also removed when the next
 * hop is outside the peers (RFC 3325 §7).
 */
final class RelayPolicy {

  static final String ASSERTED_IDENTITY = "P-Asserted-Identity";
  private static final Logger LOG = Logger.getLogger(RelayPolicy.class.getName());
  private static final int MAX_HOST_IN_REASON = 64;

  private final Peers peers;
  private final RateLimitedLog refusals =
      new RateLimitedLog(LOG, Level.INFO, "relay attempts refused", 5, System::nanoTime);

  RelayPolicy(Peers peers) {
    this.peers = peers;
  }

  /**
   * Why the request must not go where its Route set now points, or null when it may.
   *
   * @param forward the copy to forward, with the Route set processed (§16.4) and any policy route
   *     pushed
   * @param byPolicy the next hop is a route that callmail's policy pushed
   * @param dialog an own Route entry carried this dialog's mark
   */
  String refusal(
      Request request, Request forward, String source, boolean byPolicy, boolean dialog) {
    if (byPolicy) {
      return null;
    }
    boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
    if (inDialog && dialog) {
      return null;
    }
    String host = nextHopHost(forward);
    if (host == null || !peers.isPeer(host)) {
      return "Relaying to " + shortHost(host) + " is not allowed";
    }
    if (!inDialog && !peers.isUpstream(source)) {
      return "Only an upstream peer may route a new request to a peer";
    }
    return null;
  }

  void logRefusal(Request request, String source, String refusal) {
    refusals.log(
        source,
        request.getMethod()
            + " from "
            + source
            + " refused: "
            + refusal
            + " (call-id="
            + shortHost(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId())
            + ")");
  }

  /** RFC 3325 §5 and §7, applied to the copy about to be forwarded. */
  void applyIdentityRules(Request request, Request forward, String source) {
    if (forward.getHeader(ASSERTED_IDENTITY) == null) {
      return;
    }
    if (!peers.isUpstream(source)) {
      forward.removeHeader(ASSERTED_IDENTITY); // only the trust domain may assert an identity
    } else if (privacyId(request) && !peers.isPeer(nextHopHost(forward))) {
      forward.removeHeader(
          ASSERTED_IDENTITY); // leaving the trust domain of a caller who asked for privacy
    }
  }

  /**
   * The host the stack will send the forwarded request to: the top Route's, else the Request-URI's,
   * its {@code maddr} when it has one (RFC 3261 §19.1.1); null for a non-SIP URI.
   */
  static String nextHopHost(Request forward) {
    RouteHeader top = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    URI next = top != null ? top.getAddress().getURI() : forward.getRequestURI();
    if (!(next instanceof SipURI sip)) {
      return null;
    }
    String maddr = sip.getMAddrParam();
    return maddr != null ? maddr : sip.getHost();
  }

  private static boolean privacyId(Request request) {
    ListIterator<?> values = request.getHeaders("Privacy");
    while (values.hasNext()) {
      String header = values.next().toString().toLowerCase(Locale.ROOT);
      int colon = header.indexOf(':');
      for (String value : header.substring(colon + 1).split("[;,]")) {
        if (value.trim().equals("id")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Text from the wire for a reason phrase or a log line: printable ASCII, bounded. */
  private static String shortHost(String text) {
    if (text == null) {
      return "this target";
    }
    String clean = text.replaceAll("[^\\x21-\\x7e]", "?");
    return clean.length() > MAX_HOST_IN_REASON
        ? clean.substring(0, MAX_HOST_IN_REASON) + "..."
        : clean;
  }
}
