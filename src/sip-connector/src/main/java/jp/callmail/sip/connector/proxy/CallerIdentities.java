package jp.callmail.sip.connector.proxy;

import java.util.ListIterator;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderAddress;
import javax.sip.message.Request;
import jp.callmail.sip.connector.call.CallerIdentity;
import jp.callmail.sip.connector.call.CallerIdentityResolver;
import jp.callmail.sip.connector.call.NumberNormalizer;
import jp.callmail.sip.connector.call.Party;

/**
 * Who called, read from a request under the trust rules (RFC 3325): the asserted identity counts
 * only when an upstream peer sent the request.
 */
final class CallerIdentities {

  private CallerIdentities() {}

  /**
   * The caller of a call to a service line: P-Asserted-Identity when an upstream peer sent it (RFC
   * 3325 §5), else From, which a caller can write at will (README, "Trust boundary").
   */
  static CallerIdentity callerOf(Request request, boolean fromUpstream) {
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    Party fromParty =
        new Party(from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
    Party asserted = fromUpstream ? assertedIdentity(request) : null;
    return CallerIdentityResolver.resolve(fromParty, asserted, SipMessages.privacyValues(request));
  }

  /** The caller as an upstream peer asserted it, or null when the request asserts no identity. */
  static CallerIdentity assertedCaller(Request request) {
    Party asserted = assertedIdentity(request);
    if (asserted == null) {
      return null;
    }
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    Party fromParty =
        new Party(from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
    return CallerIdentityResolver.resolve(fromParty, asserted, SipMessages.privacyValues(request));
  }

  /**
   * RFC 3325 allows two identities, a SIP URI and a tel URI, in any order: the first that carries a
   * telephone number wins, else the first one.
   */
  private static Party assertedIdentity(Request request) {
    Party first = null;
    ListIterator<?> headers = request.getHeaders("P-Asserted-Identity");
    while (headers.hasNext()) {
      if (headers.next() instanceof HeaderAddress address) {
        Party party =
            new Party(
                address.getAddress().getDisplayName(), address.getAddress().getURI().toString());
        if (NumberNormalizer.toNational(party.uri()).isPresent()) {
          return party;
        }
        first = first == null ? party : first;
      }
    }
    return first;
  }
}
