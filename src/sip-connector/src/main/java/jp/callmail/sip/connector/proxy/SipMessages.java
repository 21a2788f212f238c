package jp.callmail.sip.connector.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import jp.callmail.sip.connector.call.NumberNormalizer;
import jp.callmail.sip.connector.call.SdpKind;

/** Reading SIP messages the way the proxy's parts all need: header values, keys, descriptions. */
final class SipMessages {

  private SipMessages() {}

  static String headerValue(String encoded) {
    int colon = encoded.indexOf(':');
    return (colon < 0 ? encoded : encoded.substring(colon + 1)).trim();
  }

  static String calledNumber(URI target) {
    if (target instanceof SipURI sip) {
      return sip.getUser() == null ? null : NumberNormalizer.toNational(sip.getUser()).orElse(null);
    }
    return NumberNormalizer.toNational(target.toString()).orElse(null);
  }

  static boolean isInitialInvite(Request request) {
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    return Request.INVITE.equals(request.getMethod()) && (to == null || to.getTag() == null);
  }

  static String cancelKey(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    String branch = via == null || via.getBranch() == null ? "" : via.getBranch();
    return callId.getCallId() + "|" + cseq.getSeqNumber() + "|" + branch;
  }

  static List<String> optionTags(Request request, String headerName) {
    List<String> tags = new ArrayList<>();
    ListIterator<?> values = request.getHeaders(headerName);
    while (values.hasNext()) {
      for (String tag : headerValue(values.next().toString()).split(",")) {
        if (!tag.isBlank()) {
          tags.add(tag.trim());
        }
      }
    }
    return tags;
  }

  static RouteHeader lastRoute(Request request) {
    RouteHeader last = null;
    ListIterator<?> routes = request.getHeaders(RouteHeader.NAME);
    while (routes.hasNext()) {
      last = (RouteHeader) routes.next();
    }
    return last;
  }

  static String describe(Request request) {
    return request.getMethod() + " " + callIdOf(request);
  }

  static String callIdOf(javax.sip.message.Message message) {
    CallIdHeader callId = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
    return "call-id=" + (callId == null ? "?" : callId.getCallId());
  }

  /** Whether the message's body offers or answers T.38 ({@link SdpKind}); never throws. */
  static SdpKind sdpKind(javax.sip.message.Message message) {
    byte[] body = message.getRawContent();
    if (body == null || body.length == 0) {
      return SdpKind.NONE;
    }
    if (!(message.getHeader(ContentTypeHeader.NAME) instanceof ContentTypeHeader type)
        || type.getContentType() == null) {
      return SdpKind.NONE;
    }
    return SdpKind.of(
        type.getContentType() + "/" + type.getContentSubType(),
        type.getParameter("boundary"),
        body);
  }

  static List<String> privacyValues(Request request) {
    List<String> privacy = new ArrayList<>();
    ListIterator<?> values = request.getHeaders("Privacy");
    while (values.hasNext()) {
      privacy.add(headerValue(values.next().toString()));
    }
    return privacy;
  }

  /**
   * RFC 2543 peers send no Max-Forwards (RFC 4475 §3.4.1), but the stack makes no transaction
   * without one. One more than §16.6 step 3's default, so that the forwarded copy carries 70.
   */
  static void ensureMaxForwards(Request request, HeaderFactory headers) throws Exception {
    if (request.getHeader(MaxForwardsHeader.NAME) == null) {
      request.setHeader(headers.createMaxForwardsHeader(SipProxy.DEFAULT_MAX_FORWARDS + 1));
    }
  }
}
