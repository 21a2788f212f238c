package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.ResponseEventExt;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderAddress;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.connector.call.CallerIdentity;
import jp.callmail.sip.connector.call.CallerIdentityResolver;
import jp.callmail.sip.connector.call.NumberNormalizer;
import jp.callmail.sip.connector.call.Party;
import jp.callmail.sip.connector.call.TrackedCall;
import jp.callmail.sip.connector.ivr.IvrUserAgent;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * A record-routing, transaction-stateful proxy (RFC 3261 §16) that watches calls to service lines.
 *
 * <p>Each request is validated (§16.3), its Route set processed (§16.4), a target chosen (§16.5:
 * the top Route, else the line's downstream route, else the default next hop, else the
 * Request-URI) and forwarded on a new client transaction paired with the server transaction
 * (§16.6). Responses come back through the pair (§16.7); 100 Trying is never forwarded, CANCEL is
 * answered and re-issued hop by hop (§16.10), the ACK for a 2xx and stray 2xx retransmissions pass
 * statelessly. Initial INVITEs to watched numbers are tracked and reported once they end.
 */
public final class SipProxy implements SipListener {

  private static final Logger LOG = Logger.getLogger(SipProxy.class.getName());
  private static final int DEFAULT_MAX_FORWARDS = 70;
  private static final String SIP_2_0 = "SIP/2.0";
  /** 64*T1: how long a CANCELled branch may take to send its final response (RFC 3261 §9.1). */
  private static final Duration CANCEL_GUARD = Duration.ofSeconds(32);
  private static final Duration OVERLOAD_LOG_INTERVAL = Duration.ofMinutes(1);
  private static final List<String> REQUIRED_HEADERS =
      List.of(CallIdHeader.NAME, FromHeader.NAME, ToHeader.NAME, CSeqHeader.NAME, ViaHeader.NAME);

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final ProxySettings settings;
  private final OwnAddress own;
  private final LineLookup lines;
  private final CallSink calls;
  private final ProxyScheduler scheduler;
  private final Responder responder;
  private final RelayPolicy relays;
  private final StrangerLog strangers = new StrangerLog();
  private final Map<String, ProxyTransaction> invitesByCancelKey = new ConcurrentHashMap<>();
  private volatile long lastOverloadLog = System.nanoTime() - OVERLOAD_LOG_INTERVAL.toNanos() - 1;
  /** The temporary-password IVR sharing this stack, or null when none is configured. */
  private volatile IvrUserAgent ivr;
  /** Sheds floods of new non-INVITE requests; null admits all. */
  private volatile RequestAdmission admission;

  public SipProxy(
      SipProvider provider,
      MessageFactory messages,
      HeaderFactory headers,
      AddressFactory addresses,
      ProxySettings settings,
      LineLookup lines,
      CallSink calls,
      ProxyScheduler scheduler) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
    this.settings = settings;
    this.own = new OwnAddress(settings.listenAddress(), settings.port(), addresses, headers);
    this.lines = lines;
    this.calls = calls;
    this.scheduler = scheduler;
    this.responder = new Responder(provider, messages, headers);
    this.relays = new RelayPolicy(settings.peers());
  }

  /** Calls to the IVR number are answered by the IVR instead of being proxied (SPEC §4, §6). */
  void attachIvr(IvrUserAgent userAgent) {
    this.ivr = userAgent;
  }

  void attachAdmission(RequestAdmission admission) {
    this.admission = admission;
  }

  // ---------------------------------------------------------------- requests

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    String source = sourceOf(event);
    if (!settings.peers().isPeer(source)) {
      refuseStranger(request, source); // first: a stranger's flood must not use up a peer's share
      return;
    }
    RequestAdmission gate = admission;
    if (gate != null && !gate.admit(event)) {
      return; // answered 503 without a transaction
    }
    if (unanswerable(request)) {
      LOG.fine(() -> "Dropped " + describe(request) + ": its Via asks for a transport this proxy lacks");
      return;
    }
    IvrUserAgent userAgent = ivr;
    if (userAgent != null && userAgent.owns(request)) {
      userAgent.processRequest(event);
      return;
    }
    try {
      switch (request.getMethod()) {
        case Request.ACK -> relayAck(event, source);
        case Request.CANCEL -> cancel(event);
        default -> proxy(event, source);
      }
    } catch (Exception e) {
      HandlingFailures.log(LOG, event, e, () -> "Could not handle " + describe(request));
      responder.tryRespond(event.getServerTransaction(), request, Response.SERVER_INTERNAL_ERROR, null);
    }
  }

  private void proxy(RequestEvent event, String source) throws Exception {
    Request request = event.getRequest();
    ServerTransaction server = event.getServerTransaction();
    if (server == null) {
      if (isInitialInvite(request) && serverTransactions() >= settings.maxServerTransactions()) {
        overloaded(request);
        return;
      }
      ensureMaxForwards(request);
      try {
        server = provider.getNewServerTransaction(request);
      } catch (TransactionAlreadyExistsException retransmission) {
        return; // the existing transaction absorbs it
      } catch (TransactionUnavailableException e) {
        if (!(e.getCause() instanceof ParseException)) {
          throw e;
        }
        // The stack insists on a header that a proxy has no business requiring (the Contact of an
        // RFC 2543 INVITE, RFC 4475 §3.4.1; the Event of a PUBLISH): proxy it without a transaction.
        LOG.fine(() -> "No transaction for " + describe(request) + " (" + e.getMessage() + "): stateless");
        forwardStatelessly(request, source);
        return;
      }
    }
    if (rejectedByValidation(server, request)) {
      return;
    }
    if (Request.INVITE.equals(request.getMethod())) {
      server.sendResponse(messages.createResponse(Response.TRYING, request));
    }
    Request forward = (Request) request.clone();
    RouteSet routeSet = processRouteSet(forward);
    if (routeSet == RouteSet.TO_PROXY) {
      answerAsTarget(server, forward);
      return;
    }
    IvrUserAgent userAgent = ivr;
    if (userAgent != null && isInitialInvite(request) && forward.getHeader(RouteHeader.NAME) == null
        && userAgent.number().equals(calledNumber(forward.getRequestURI()))) {
      // The IVR is the target, not a hop. It believes only the network's assertion (SPEC §6).
      boolean upstream = settings.peers().isUpstream(source);
      userAgent.answer(server, request, source, upstream, upstream ? assertedCaller(request) : null);
      return;
    }
    boolean toProxy = Request.OPTIONS.equals(request.getMethod())
        && forward.getHeader(RouteHeader.NAME) == null
        && own.isOwn(forward.getRequestURI());
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    LineRoute line = route(request, forward);
    boolean byPolicy = !routed && forward.getHeader(RouteHeader.NAME) != null;
    if (toProxy && (calledNumber(forward.getRequestURI()) == null || hasNoRoute(forward))) {
      // OPTIONS to this proxy with a user part that is no telephone number (sip:ping@proxy), or
      // one that policy cannot route: the proxy is the target and answers (RFC 3261 §11).
      answerAsTarget(server, forward);
      return;
    }
    if (hasNoRoute(forward)) {
      responder.respond(server, request, Response.NOT_FOUND, "No route for " + forward.getRequestURI());
      return;
    }
    String refusal = relays.refusal(request, forward, source, byPolicy, routeSet == RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(request, source, refusal);
      responder.respond(server, request, Response.FORBIDDEN, refusal);
      return;
    }
    relays.applyIdentityRules(request, forward, source);
    TrackedCall call = null;
    if (isInitialInvite(request) && line != null && line.watched()) {
      String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
      call = TrackedCall.arrivedNow(callId, line.number(), callerOf(event, source));
    }
    forward(server, request, forward, call);
  }

  private int serverTransactions() {
    return provider.getSipStack() instanceof SIPTransactionStack stack ? stack.getServerTransactionTableSize() : 0;
  }

  /** Answers a new call 503 while the stack holds as many transactions as it may. */
  private void overloaded(Request request) throws Exception {
    long now = System.nanoTime();
    if (now - lastOverloadLog > OVERLOAD_LOG_INTERVAL.toNanos()) {
      lastOverloadLog = now; // once a minute: under overload, a line per call would add to it
      LOG.warning(() -> "SIP proxy full (" + settings.maxServerTransactions()
          + " server transactions, callmail.sip.max-server-transactions): new calls are answered 503 Overloaded");
    }
    responder.respondOverloaded(request);
  }

  /**
   * §16.5/16.6 step 6: a request with no Route goes by routing policy when it starts a dialog, or
   * when its target is this proxy itself (a peer that ignores Record-Route sends in-dialog requests
   * that way): the line's downstream route, else the default next hop, else the Request-URI.
   *
   * @return the called line of an initial INVITE or of a request routed by policy, else null
   */
  private LineRoute route(Request request, Request forward) throws Exception {
    boolean outOfDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null; // To checked in validation
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    LineRoute line = null;
    boolean byPolicy = !routed && (outOfDialog || own.isOwn(forward.getRequestURI()));
    if (byPolicy || (outOfDialog && isInitialInvite(request))) {
      line = lookupLine(forward.getRequestURI());
    }
    if (byPolicy) {
      String nextHop = line != null && line.downstreamRoute() != null ? line.downstreamRoute() : settings.defaultNextHop();
      pushRoute(forward, nextHop);
    }
    return line;
  }

  private boolean hasNoRoute(Request forward) {
    return forward.getHeader(RouteHeader.NAME) == null
        && (!(forward.getRequestURI() instanceof SipURI) || own.isOwn(forward.getRequestURI()));
  }

  /**
   * RFC 2543 peers send no Max-Forwards (RFC 4475 §3.4.1), but the stack makes no transaction
   * without one. One more than §16.6 step 3's default, so that the forwarded copy carries 70.
   */
  private void ensureMaxForwards(Request request) throws Exception {
    if (request.getHeader(MaxForwardsHeader.NAME) == null) {
      request.setHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS + 1));
    }
  }

  /**
   * §16.11: the same checks and routing as {@link #proxy}, but no transaction: answers come back
   * through {@link #relayStateless}, a retransmission is forwarded again on the same branch. No call
   * is tracked this way.
   */
  private void forwardStatelessly(Request request, String source) throws Exception {
    if (rejectedByValidation(null, request)) {
      return;
    }
    Request forward = (Request) request.clone();
    RouteSet routeSet = processRouteSet(forward);
    if (routeSet == RouteSet.TO_PROXY) {
      answerAsTarget(null, forward);
      return;
    }
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    route(request, forward);
    if (hasNoRoute(forward)) {
      responder.respond(null, request, Response.NOT_FOUND, "No route for " + forward.getRequestURI());
      return;
    }
    boolean byPolicy = !routed && forward.getHeader(RouteHeader.NAME) != null;
    String refusal = relays.refusal(request, forward, source, byPolicy, routeSet == RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(request, source, refusal);
      responder.respond(null, request, Response.FORBIDDEN, refusal);
      return;
    }
    relays.applyIdentityRules(request, forward, source);
    ((MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME)).decrementMaxForwards();
    forward.addFirst(own.via(outgoingTransport(request, forward), own.statelessBranch(request)));
    provider.sendRequest(forward);
  }

  /**
   * A request that came over UDP but whose top Via names a transport this proxy does not listen on
   * (TLS, say): every answer would have to go over that transport (RFC 3261 §18.2.2), which the
   * stack cannot do (it fails with a NullPointerException). Nothing can be answered, so the request
   * is dropped like any undeliverable datagram. Over TCP the answer goes back on the connection.
   */
  private boolean unanswerable(Request request) {
    ViaHeader top = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (top == null || top.getTransport() == null
        || settings.transports().contains(top.getTransport().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return request instanceof SIPRequest sip
        && sip.getMessageChannel() instanceof MessageChannel channel
        && !channel.isReliable();
  }

  /** §16.3: the checks a proxy makes before forwarding. Returns true when it answered instead. */
  private boolean rejectedByValidation(ServerTransaction server, Request request) throws Exception {
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
      responder.respond(server, request, Response.BAD_REQUEST, "CSeq method does not match the request method");
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
      responder.respond(server, request, Response.BAD_REQUEST, "Request-URI must not contain headers");
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
    List<String> proxyRequire = optionTags(request, "Proxy-Require");
    if (!proxyRequire.isEmpty()) {
      // §16.3 step 5: this proxy supports no extensions.
      responder.respondUnsupported(server, request, proxyRequire);
      return true;
    }
    return false;
  }

  /**
   * §16.4: undo a strict-routing previous hop, then take this proxy's own entries off the Route set.
   *
   * @return {@link RouteSet#TO_PROXY} when the request is addressed to the proxy itself and has
   *     nowhere else to go; {@link RouteSet#DIALOG} when an own entry carried the mark of this
   *     request's dialog (see {@link RouteToken}), i.e. the dialog was set up through this proxy
   */
  private RouteSet processRouteSet(Request forward) {
    if (own.isOwn(forward.getRequestURI()) && ((SipURI) forward.getRequestURI()).getUser() == null) {
      RouteHeader last = lastRoute(forward);
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
  private enum RouteSet {
    /** Addressed to the proxy, nothing left to follow. */
    TO_PROXY,
    /** To be forwarded; no own entry with this dialog's mark was seen. */
    FORWARD,
    /** To be forwarded along a dialog that was set up through this proxy. */
    DIALOG
  }

  /** A request whose target is this proxy: OPTIONS is answered, anything else is not ours to take. */
  private void answerAsTarget(ServerTransaction server, Request request) throws Exception {
    if (!Request.OPTIONS.equals(request.getMethod())) {
      responder.respondAllow(server, request, Response.METHOD_NOT_ALLOWED);
      return;
    }
    List<String> require = optionTags(request, "Require");
    if (!require.isEmpty()) {
      responder.respondUnsupported(server, request, require);
      return;
    }
    responder.respondAllow(server, request, Response.OK);
  }

  private LineRoute lookupLine(URI target) {
    String number = calledNumber(target);
    return number == null ? null : lines.lookup(number);
  }

  /** §16.6 step 6: a next hop chosen by policy is visited through a pushed loose route. */
  private void pushRoute(Request forward, String nextHop) throws Exception {
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
  private String outgoingTransport(Request request, Request forward) {
    boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
    return Transports.outgoing(forward, settings.transports(), inDialog ? own.ownRouteTransport(request) : null);
  }

  private void forward(ServerTransaction server, Request request, Request forward, TrackedCall call)
      throws Exception {
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards == null) {
      forward.setHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS));
    } else {
      maxForwards.decrementMaxForwards();
    }
    String inTransport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase();
    String outTransport = outgoingTransport(request, forward);
    if (isInitialInvite(request)) {
      // §16.6 step 4, with double record-routing when the call changes transport on the way.
      // Each entry carries the dialog's mark, which its in-dialog requests bring back (RouteToken).
      String mark = settings.routeToken().mark(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
      forward.addFirst(own.recordRoute(supported(inTransport), mark));
      if (!outTransport.equals(supported(inTransport))) {
        forward.addFirst(own.recordRoute(outTransport, mark));
      }
    }
    forward.addFirst(own.via(outTransport, own.newBranch(request)));

    ProxyTransaction pair = new ProxyTransaction(server, cancelKey(request), call);
    ClientTransaction client;
    try {
      client = provider.getNewClientTransaction(forward);
    } catch (SipException e) {
      LOG.log(Level.INFO, () -> "No way to forward " + describe(request) + ": " + e.getMessage());
      pair.finalStatus = Response.SERVICE_UNAVAILABLE;
      responder.tryRespond(server, request, Response.SERVICE_UNAVAILABLE, "Next hop unreachable");
      endWithoutFinal(pair);
      return;
    }
    synchronized (pair) {
      pair.client = client;
      client.setApplicationData(pair);
      server.setApplicationData(pair);
      if (Request.INVITE.equals(request.getMethod())) {
        invitesByCancelKey.put(pair.cancelKey, pair);
        pair.timerC = scheduler.schedule(() -> timerC(pair), settings.timerC());
      }
    }
    try {
      client.sendRequest();
    } catch (SipException e) {
      LOG.log(Level.INFO, () -> "Sending failed for " + describe(request) + ": " + e.getMessage());
      synchronized (pair) {
        pair.stopTimerC();
        if (!pair.finalSent()) {
          pair.finalStatus = Response.SERVICE_UNAVAILABLE;
          responder.tryRespond(server, request, Response.SERVICE_UNAVAILABLE, "Next hop unreachable");
        }
      }
      endWithoutFinal(pair);
    }
  }

  /** The ACK for a 2xx is a request of its own, routed end to end and forwarded statelessly. */
  private void relayAck(RequestEvent event, String source) throws Exception {
    ServerTransaction server = event.getServerTransaction();
    if (server == null && Responder.isOverloadAck(event.getRequest())) {
      return; // the ACK of a 503 this proxy sent while full
    }
    if (server != null) {
      ProxyTransaction pair = (ProxyTransaction) server.getApplicationData();
      if (pair == null || pair.finalStatus >= 300) {
        return; // the ACK of a non-2xx final: absorbed by our server transaction (§17.2.1)
      }
    }
    Request forward = (Request) event.getRequest().clone();
    RouteSet routeSet = processRouteSet(forward);
    if (routeSet == RouteSet.TO_PROXY) {
      return; // an ACK for a response of our own
    }
    boolean byPolicy = false;
    if (forward.getHeader(RouteHeader.NAME) == null && own.isOwn(forward.getRequestURI())) {
      LineRoute line = lookupLine(forward.getRequestURI());
      pushRoute(forward, line != null && line.downstreamRoute() != null ? line.downstreamRoute() : settings.defaultNextHop());
      if (forward.getHeader(RouteHeader.NAME) == null) {
        return; // nowhere to send it but back to ourselves
      }
      byPolicy = true;
    }
    String refusal = relays.refusal(event.getRequest(), forward, source, byPolicy, routeSet == RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(event.getRequest(), source, refusal); // an ACK is never answered (§17.2.3)
      return;
    }
    relays.applyIdentityRules(event.getRequest(), forward, source);
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards == null) {
      forward.setHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS)); // §16.6 step 3
    } else {
      if (maxForwards.getMaxForwards() <= 0) {
        return;
      }
      maxForwards.decrementMaxForwards();
    }
    forward.addFirst(own.via(outgoingTransport(event.getRequest(), forward), own.statelessBranch(event.getRequest())));
    provider.sendRequest(forward);
  }

  /** §16.10: answer the CANCEL here and cancel the pending client transaction ourselves. */
  private void cancel(RequestEvent event) throws Exception {
    Request cancel = event.getRequest();
    ServerTransaction server = event.getServerTransaction();
    if (server == null) {
      ensureMaxForwards(cancel);
      try {
        server = provider.getNewServerTransaction(cancel);
      } catch (TransactionAlreadyExistsException retransmission) {
        return;
      }
    }
    ProxyTransaction pair = invitesByCancelKey.get(cancelKey(cancel));
    if (pair == null) {
      responder.respond(server, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
      return;
    }
    responder.respond(server, cancel, Response.OK, null);
    synchronized (pair) {
      if (pair.call != null) {
        pair.call.cancelled();
      }
      pair.cancelRequested = true;
      sendPendingCancel(pair);
    }
  }

  /** Sends CANCEL downstream once a provisional response makes it legal (§9.1). Holds the pair's lock. */
  private void sendPendingCancel(ProxyTransaction pair) {
    if (!pair.cancelRequested || pair.cancelSent || !pair.provisionalReceived || pair.finalSent()) {
      return;
    }
    pair.cancelSent = true;
    try {
      Request cancel = pair.client.createCancel();
      CancelTransactions.create(provider, pair.client, cancel).sendRequest();
    } catch (SipException e) {
      LOG.log(Level.INFO, () -> "Could not send CANCEL downstream: " + e.getMessage());
    }
    // §9.1: a cancelled branch that sends no final response within 64*T1 is given up on. Timer C
    // now guards that wait, so a next hop that ignores the CANCEL cannot leave the caller hanging.
    pair.stopTimerC();
    pair.timerC = scheduler.schedule(() -> timerC(pair), cancelGuard());
  }

  private Duration cancelGuard() {
    return settings.timerC().compareTo(CANCEL_GUARD) < 0 ? settings.timerC() : CANCEL_GUARD;
  }

  /** §16.8: no final response in time. */
  private void timerC(ProxyTransaction pair) {
    synchronized (pair) {
      pair.timerC = null;
      if (pair.finalSent()) {
        return;
      }
      LOG.fine(() -> "Timer C fired for " + pair.cancelKey);
      if (pair.call != null) {
        pair.call.cancelled();
      }
      if (pair.provisionalReceived && !pair.cancelSent) {
        pair.cancelRequested = true;
        sendPendingCancel(pair);
        return;
      }
      // No provisional response (§16.8: act as if a 408 arrived), or the CANCEL went unanswered.
      int status = pair.cancelRequested ? Response.REQUEST_TERMINATED : Response.REQUEST_TIMEOUT;
      pair.finalStatus = status;
      responder.tryRespond(pair.server, pair.server.getRequest(), status, null);
    }
    endWithoutFinal(pair);
  }

  // ---------------------------------------------------------------- responses

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    if (!settings.peers().isPeer(event instanceof ResponseEventExt ext ? ext.getRemoteIpAddress() : null)) {
      strangers.refused(event instanceof ResponseEventExt ext ? ext.getRemoteIpAddress() : null, "response");
      return; // §16.7: a proxy relays responses from its next hops only; a stranger's is dropped
    }
    try {
      IvrUserAgent userAgent = ivr;
      if (userAgent != null && userAgent.processResponse(event)) {
        return;
      }
      ClientTransaction client = event.getClientTransaction();
      ProxyTransaction pair = client == null ? null : (ProxyTransaction) client.getApplicationData();
      if (pair == null) {
        if (client == null) {
          relayStateless(response); // §16.7 step 10 / §16.11: 2xx retransmissions and forks
        }
        return; // a response to a CANCEL of our own
      }
      relay(pair, response);
    } catch (Exception e) {
      LOG.log(Level.WARNING, e, () -> "Could not relay " + response.getStatusCode() + " " + callIdOf(response));
    }
  }

  private void relay(ProxyTransaction pair, Response response) throws Exception {
    int status = response.getStatusCode();
    if (status == Response.TRYING) {
      // §16.7 step 5: 100 is never forwarded. It is a provisional response all the same, so a
      // CANCEL waiting for one may go now (§9.1, §16.10); only 101-199 reset timer C (§16.7 step 2).
      synchronized (pair) {
        pair.provisionalReceived = true;
        sendPendingCancel(pair);
      }
      return;
    }
    boolean diversion = response.getHeader("History-Info") != null || response.getHeader("Diversion") != null;
    Response upstream = (Response) response.clone();
    upstream.removeFirst(ViaHeader.NAME);
    keepMethodCase(upstream, pair.server.getRequest());
    CallCompletedRecord completed = null;
    try {
      synchronized (pair) {
        if (status < 200) {
          pair.provisionalReceived = true;
          if (pair.call != null) {
            pair.call.provisional(status, diversion);
          }
          restartTimerC(pair);
          sendPendingCancel(pair);
        } else {
          pair.stopTimerC();
          if (pair.call != null) {
            completed = pair.call.finalResponse(status, diversion).orElse(null);
          }
        }
        if (!pair.finalSent() && pair.server.getState() != TransactionState.TERMINATED) {
          if (status >= 200) {
            pair.finalStatus = status;
          }
          sendUpstream(pair, upstream);
        } else if (status >= 200 && status < 300) {
          provider.sendResponse(upstream); // a further 2xx after the first final: end to end
        }
      }
    } finally {
      if (completed != null) {
        calls.deliver(completed); // the call ended even when relaying its final response failed
      }
    }
  }

  /**
   * Sends a response on the caller's server transaction. The stack refuses some responses that a UA
   * must not send but a proxy still has to relay (a 200 to INVITE without Contact, a final response
   * whose From tag the callee changed). The caller must still learn how its request ended: a 2xx is
   * forwarded whatever it looks like (§16.7 step 10), so one the transaction refuses goes statelessly
   * and ends the transaction; any other final response the transaction refuses is replaced by the
   * proxy's own with the same status. A refused provisional response is dropped. Holds the pair's lock.
   */
  private void sendUpstream(ProxyTransaction pair, Response upstream) throws SipException, InvalidArgumentException {
    try {
      pair.server.sendResponse(upstream);
      return;
    } catch (SipException refused) {
      int status = upstream.getStatusCode();
      LOG.info(() -> "Next hop's " + status + " " + callIdOf(upstream) + " refused by the transaction ("
          + refused.getMessage() + ")" + (status < 200 ? ": dropped" : ": the caller is answered all the same"));
      if (status < 200) {
        return;
      }
      if (status < 300) {
        provider.sendResponse(upstream);
        endServerTransaction(pair);
      } else {
        responder.tryRespond(pair.server, pair.server.getRequest(), status, upstream.getReasonPhrase());
      }
    }
  }

  /** A server transaction the proxy answered around: it would otherwise wait for a final response. */
  private void endServerTransaction(ProxyTransaction pair) {
    invitesByCancelKey.remove(pair.cancelKey, pair);
    try {
      pair.server.terminate();
    } catch (ObjectInUseException e) {
      LOG.log(Level.FINE, e, () -> "Could not end the server transaction of " + pair.cancelKey);
    }
  }

  /**
   * The stack writes every CSeq method in upper case, so an extension method in mixed case
   * (RFC 4475 §3.1.1.2) comes back from the next hop in another case than the request that made our
   * server transaction, which then refuses the response. Methods are case-sensitive: use ours.
   */
  private static void keepMethodCase(Response upstream, Request original) throws ParseException {
    CSeqHeader cseq = (CSeqHeader) upstream.getHeader(CSeqHeader.NAME);
    if (cseq != null && original != null && !cseq.getMethod().equals(original.getMethod())
        && cseq.getMethod().equalsIgnoreCase(original.getMethod())) {
      cseq.setMethod(original.getMethod());
    }
  }

  private void restartTimerC(ProxyTransaction pair) {
    if (pair.timerC != null && !pair.cancelSent) { // once CANCELled, the guard runs out regardless
      pair.stopTimerC();
      pair.timerC = scheduler.schedule(() -> timerC(pair), settings.timerC());
    }
  }

  private void relayStateless(Response response) throws SipException {
    ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
    if (top == null || !own.isOwn(top)) {
      return; // §16.7 step 1: not sent through us, so not ours to forward
    }
    if (response.getStatusCode() < 200 && !OwnAddress.isStatelessBranch(top.getBranch())) {
      // A provisional response for an INVITE whose transaction ended with a 2xx: a late 18x from
      // another fork, or one the stack's threads handed over after the 2xx that followed it.
      // Relayed now it would reach the caller after the final response.
      LOG.fine(() -> "Dropped late " + response.getStatusCode() + " " + callIdOf(response));
      return;
    }
    Response upstream = (Response) response.clone();
    upstream.removeFirst(ViaHeader.NAME);
    if (upstream.getHeader(ViaHeader.NAME) != null) {
      provider.sendResponse(upstream);
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.isServerTransaction()) {
      return;
    }
    ClientTransaction client = event.getClientTransaction();
    if (client == null || !(client.getApplicationData() instanceof ProxyTransaction pair)) {
      return;
    }
    synchronized (pair) {
      pair.stopTimerC();
      if (!pair.finalSent()) {
        int status = pair.cancelRequested ? Response.REQUEST_TERMINATED : Response.REQUEST_TIMEOUT;
        pair.finalStatus = status;
        responder.tryRespond(pair.server, pair.server.getRequest(), status, null);
      }
    }
    endWithoutFinal(pair);
  }

  private void endWithoutFinal(ProxyTransaction pair) {
    if (pair.call != null) {
      pair.call.abandoned().ifPresent(calls::deliver);
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.fine(() -> "Transport error toward " + event.getHost() + ":" + event.getPort() + "/" + event.getTransport());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
    if (event.isServerTransaction()) {
      ServerTransaction server = event.getServerTransaction();
      if (server.getApplicationData() instanceof ProxyTransaction pair) {
        invitesByCancelKey.remove(pair.cancelKey, pair);
      }
    }
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    // A proxy keeps no dialogs.
  }


  // ---------------------------------------------------------------- helpers

  /**
   * The caller of a call to a service line: P-Asserted-Identity when an upstream peer sent it (RFC
   * 3325 §5), else From, which a caller can write at will (README, "Trust boundary").
   */
  private CallerIdentity callerOf(RequestEvent event, String source) {
    Request request = event.getRequest();
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    Party fromParty = new Party(from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
    Party asserted = settings.peers().isUpstream(source) ? assertedIdentity(request) : null;
    return CallerIdentityResolver.resolve(fromParty, asserted, privacyValues(request));
  }

  /** The caller as an upstream peer asserted it, or null when the request asserts no identity. */
  private static CallerIdentity assertedCaller(Request request) {
    Party asserted = assertedIdentity(request);
    if (asserted == null) {
      return null;
    }
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    Party fromParty = new Party(from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
    return CallerIdentityResolver.resolve(fromParty, asserted, privacyValues(request));
  }

  private static List<String> privacyValues(Request request) {
    List<String> privacy = new ArrayList<>();
    ListIterator<?> values = request.getHeaders("Privacy");
    while (values.hasNext()) {
      privacy.add(headerValue(values.next().toString()));
    }
    return privacy;
  }

  private static String sourceOf(RequestEvent event) {
    return event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
  }

  /**
   * A request from outside the configured peers: refused before the stack keeps any state for it,
   * with a stateless 403 or, with {@code callmail.sip.strangers=drop}, silently. An ACK is never
   * answered.
   */
  private void refuseStranger(Request request, String source) {
    strangers.refused(source, request.getMethod());
    if (settings.dropStrangers() || Request.ACK.equals(request.getMethod())) {
      return;
    }
    responder.tryRespond(null, request, Response.FORBIDDEN, "Not a peer of this proxy");
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
        Party party = new Party(address.getAddress().getDisplayName(), address.getAddress().getURI().toString());
        if (NumberNormalizer.toNational(party.uri()).isPresent()) {
          return party;
        }
        first = first == null ? party : first;
      }
    }
    return first;
  }

  private static String headerValue(String encoded) {
    int colon = encoded.indexOf(':');
    return (colon < 0 ? encoded : encoded.substring(colon + 1)).trim();
  }

  private static String calledNumber(URI target) {
    if (target instanceof SipURI sip) {
      return sip.getUser() == null ? null : NumberNormalizer.toNational(sip.getUser()).orElse(null);
    }
    return NumberNormalizer.toNational(target.toString()).orElse(null);
  }

  private boolean isAddressedToProxy(Request request) {
    return request.getRequestURI() instanceof SipURI sip
        && own.isOwn(sip)
        && sip.getUser() == null
        && request.getHeader(RouteHeader.NAME) == null;
  }

  private static boolean isInitialInvite(Request request) {
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    return Request.INVITE.equals(request.getMethod()) && (to == null || to.getTag() == null);
  }

  private String supported(String transport) {
    return settings.transports().contains(transport) ? transport : settings.transports().get(0);
  }

  private static String cancelKey(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    String branch = via == null || via.getBranch() == null ? "" : via.getBranch();
    return callId.getCallId() + "|" + cseq.getSeqNumber() + "|" + branch;
  }

  private static List<String> optionTags(Request request, String headerName) {
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

  private static RouteHeader lastRoute(Request request) {
    RouteHeader last = null;
    ListIterator<?> routes = request.getHeaders(RouteHeader.NAME);
    while (routes.hasNext()) {
      last = (RouteHeader) routes.next();
    }
    return last;
  }

  private static String describe(Request request) {
    return request.getMethod() + " " + callIdOf(request);
  }

  private static String callIdOf(javax.sip.message.Message message) {
    CallIdHeader callId = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
    return "call-id=" + (callId == null ? "?" : callId.getCallId());
  }
}
