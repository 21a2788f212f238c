package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import java.util.List;
import java.util.Locale;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The checks a proxy makes on a request before it forwards it (RFC 3261 §16.3). */
final class RequestValidator {

  private static final String SIP_2_0 = "SIP/2.0";
  private static final List<String> REQUIRED_HEADERS =
      List.of(CallIdHeader.NAME, FromHeader.NAME, ToHeader.NAME, CSeqHeader.NAME, ViaHeader.NAME);

  private final ProxySettings settings;
  private final OwnAddress own;
  private final Responder responder;

  RequestValidator(ProxySettings settings, OwnAddress own, Responder responder) {
    this.settings = settings;
    this.own = own;
    this.responder = responder;
  }

  /**
   * A request that came over UDP but whose top Via names a transport this proxy does not listen on
   * (TLS, say): every answer would have to go over that transport (RFC 3261 §18.2.2), which the
   * stack cannot do (it fails with a NullPointerException). Nothing can be answered, so the request
   * is dropped like any undeliverable datagram. Over TCP the answer goes back on the connection.
   */
  boolean unanswerable(Request request) {
    ViaHeader top = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (top == null
        || top.getTransport() == null
        || settings.transports().contains(top.getTransport().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return request instanceof SIPRequest sip
        && sip.getMessageChannel() instanceof MessageChannel channel
        && !channel.isReliable();
  }

  /** §16.3: whether the request failed a check; the answer has been sent then. */
  boolean rejected(ServerTransaction server, Request request) throws Exception {
    for (String required : REQUIRED_HEADERS) {
      if (request.getHeader(required) == null) {
        responder.respond(server, request, Response.BAD_REQUEST, "Missing " + required + " header");
        return true;
      }
    }
    ViaHeader topVia = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (!SIP_2_0.equalsIgnoreCase(topVia.getProtocol())) {
      // §8.2.2 / RFC 4475 §3.1.2.16. The stack reads any request-line version as SIP/2.0, so the
      // sender's Via is the only place an unsupported version still shows.
      responder.respond(server, request, Response.VERSION_NOT_SUPPORTED, null);
      return true;
    }
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    if (!cseq.getMethod().equalsIgnoreCase(request.getMethod())) {
      responder.respond(
          server, request, Response.BAD_REQUEST, "CSeq method does not match the request method");
      return true;
    }
    URI target = request.getRequestURI();
    if (!target.isSipURI() && !"tel".equalsIgnoreCase(target.getScheme())) {
      // §16.3 step 2: a proxy that cannot handle the Request-URI scheme answers 416.
      responder.respond(server, request, Response.UNSUPPORTED_URI_SCHEME, null);
      return true;
    }
    if (target instanceof SipURI sip && sip.getHeaderNames().hasNext()) {
      // §19.1.5: headers are not allowed in a Request-URI; a proxy must never forward them
      // (RFC 4475 §3.1.2.11). 400 rather than guessing which part was meant.
      responder.respond(
          server, request, Response.BAD_REQUEST, "Request-URI must not contain headers");
      return true;
    }
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards != null && maxForwards.getMaxForwards() <= 0 && !isAddressedToProxy(request)) {
      // §16.3 step 3: no hops left.
      responder.respond(server, request, Response.TOO_MANY_HOPS, null);
      return true;
    }
    if (own.isLoop(request)) {
      responder.respond(server, request, Response.LOOP_DETECTED, null);
      return true;
    }
    List<String> proxyRequire = SipMessages.optionTags(request, "Proxy-Require");
    if (!proxyRequire.isEmpty()) {
      // §16.3 step 5: this proxy supports no extensions.
      responder.respondUnsupported(server, request, proxyRequire);
      return true;
    }
    return false;
  }

  boolean isAddressedToProxy(Request request) {
    return request.getRequestURI() instanceof SipURI sip
        && own.isOwn(sip)
        && sip.getUser() == null
        && request.getHeader(RouteHeader.NAME) == null;
  }
}
