package jp.callmail.sip.connector.proxy;

import static jp.callmail.sip.connector.proxy.SipMessages.callIdOf;
import static jp.callmail.sip.connector.proxy.SipMessages.calledNumber;
import static jp.callmail.sip.connector.proxy.SipMessages.cancelKey;
import static jp.callmail.sip.connector.proxy.SipMessages.describe;
import static jp.callmail.sip.connector.proxy.SipMessages.isInitialInvite;
import static jp.callmail.sip.connector.proxy.SipMessages.optionTags;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.ResponseEventExt;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.connector.call.AnsweredCalls;
import jp.callmail.sip.connector.call.TrackedCall;
import jp.callmail.sip.connector.ivr.IvrUserAgent;

/**
 * A record-routing, transaction-stateful proxy (RFC 3261 §16) that watches calls to service lines.
 *
 * <p>Each request is validated (§16.3), its Route set processed (§16.4), a target chosen (§16.5:
 * the top Route, else the line's downstream route, else the default next hop, else the Request-URI)
 * and forwarded on a new client transaction paired with the server transaction (§16.6). Responses
 * come back through the pair (§16.7); 100 Trying is never forwarded, CANCEL is answered and
 * re-issued hop by hop (§16.10), the ACK for a 2xx and stray 2xx retransmissions pass statelessly.
 * Initial INVITEs to watched numbers are tracked and reported once they end; answered ones stay in
 * {@link AnsweredCalls} until their BYE, so that a switch to T.38 (fax) is reported too. Bodies are
 * read only for those calls: the INVITE's, its responses', and those of in-dialog INVITE, UPDATE
 * and ACK of an answered call that is still voice.
 *
 * <p>Why it is over 400 lines: validation, routing, CANCEL and timer C, and responses are in their
 * own classes; what remains is the listener's dispatch and the forwarding path of §16.6, which
 * reads best in one piece.
 */
public final class SipProxy implements SipListener {

  private static final Logger LOG = Logger.getLogger(SipProxy.class.getName());
  static final int DEFAULT_MAX_FORWARDS = 70;
  private static final Duration OVERLOAD_LOG_INTERVAL = Duration.ofMinutes(1);

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final ProxySettings settings;
  private final OwnAddress own;
  private final LineLookup lines;
  private final CallSink calls;
  private final AnsweredCalls answered;
  private final ProxyScheduler scheduler;
  private final Responder responder;
  private final RelayPolicy relays;
  private final StrangerLog strangers = new StrangerLog();
  private final RequestValidator validator;
  private final CancelAndTimerC cancels;
  private final ResponseRelay responses;
  private final Routing routing;
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
      AnsweredCalls answered,
      ProxyScheduler scheduler) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
    this.settings = settings;
    this.own = new OwnAddress(settings.listenAddress(), settings.port(), addresses, headers);
    this.lines = lines;
    this.calls = calls;
    this.answered = answered;
    this.scheduler = scheduler;
    this.responder = new Responder(provider, messages, headers);
    this.relays = new RelayPolicy(settings.peers());
    this.validator = new RequestValidator(settings, own, responder);
    this.cancels = new CancelAndTimerC(provider, headers, settings, scheduler, responder, calls);
    this.responses = new ResponseRelay(provider, own, responder, cancels, calls, answered);
    this.routing = new Routing(settings, own, lines, addresses, headers);
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
    if (validator.unanswerable(request)) {
      LOG.fine(
          () -> "Dropped " + describe(request) + ": its Via asks for a transport this proxy lacks");
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
        case Request.CANCEL -> cancels.cancel(event);
        default -> proxy(event, source);
      }
    } catch (Exception e) {
      HandlingFailures.log(LOG, event, e, () -> "Could not handle " + describe(request));
      responder.tryRespond(
          event.getServerTransaction(), request, Response.SERVER_INTERNAL_ERROR, null);
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
      SipMessages.ensureMaxForwards(request, headers);
      try {
        server = provider.getNewServerTransaction(request);
      } catch (TransactionAlreadyExistsException retransmission) {
        return; // the existing transaction absorbs it
      } catch (TransactionUnavailableException e) {
        if (!(e.getCause() instanceof ParseException)) {
          throw e;
        }
        // The stack insists on a header that a proxy has no business requiring (the Contact of an
        // RFC 2543 INVITE, RFC 4475 §3.4.1; the Event of a PUBLISH): proxy it without a
        // transaction.
        LOG.fine(
            () ->
                "No transaction for " + describe(request) + " (" + e.getMessage() + "): stateless");
        forwardStatelessly(request, source);
        return;
      }
    }
    if (validator.rejected(server, request)) {
      return;
    }
    if (Request.INVITE.equals(request.getMethod())) {
      server.sendResponse(messages.createResponse(Response.TRYING, request));
    }
    Request forward = (Request) request.clone();
    Routing.RouteSet routeSet = routing.processRouteSet(forward);
    if (routeSet == Routing.RouteSet.TO_PROXY) {
      answerAsTarget(server, forward);
      return;
    }
    IvrUserAgent userAgent = ivr;
    if (userAgent != null
        && isInitialInvite(request)
        && forward.getHeader(RouteHeader.NAME) == null
        && userAgent.number().equals(calledNumber(forward.getRequestURI()))) {
      // The IVR is the target, not a hop. It believes only the network's assertion (SPEC §6).
      boolean upstream = settings.peers().isUpstream(source);
      userAgent.answer(
          server,
          request,
          source,
          upstream,
          upstream ? CallerIdentities.assertedCaller(request) : null);
      return;
    }
    boolean toProxy =
        Request.OPTIONS.equals(request.getMethod())
            && forward.getHeader(RouteHeader.NAME) == null
            && own.isOwn(forward.getRequestURI());
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    LineRoute line = routing.route(request, forward);
    boolean byPolicy = !routed && forward.getHeader(RouteHeader.NAME) != null;
    if (toProxy && (calledNumber(forward.getRequestURI()) == null || routing.hasNoRoute(forward))) {
      // OPTIONS to this proxy with a user part that is no telephone number (sip:ping@proxy), or
      // one that policy cannot route: the proxy is the target and answers (RFC 3261 §11).
      answerAsTarget(server, forward);
      return;
    }
    if (routing.hasNoRoute(forward)) {
      responder.respond(
          server, request, Response.NOT_FOUND, "No route for " + forward.getRequestURI());
      return;
    }
    String refusal =
        relays.refusal(request, forward, source, byPolicy, routeSet == Routing.RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(request, source, refusal);
      responder.respond(server, request, Response.FORBIDDEN, refusal);
      return;
    }
    relays.applyIdentityRules(request, forward, source);
    TrackedCall call = null;
    AnsweredCalls.Offer offer = null;
    if (isInitialInvite(request)) {
      if (line != null && line.watched()) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        call =
            TrackedCall.arrivedNow(
                callId,
                line.number(),
                CallerIdentities.callerOf(request, settings.peers().isUpstream(source)));
        call.offered(SipMessages.sdpKind(request));
      }
    } else {
      offer = inDialog(request);
    }
    forward(server, request, forward, call, offer);
  }

  /**
   * An in-dialog request of an answered watched call: a BYE ends its watch; an INVITE or UPDATE may
   * offer T.38, and its 2xx then decides ({@link ResponseRelay}).
   */
  private AnsweredCalls.Offer inDialog(Request request) {
    String method = request.getMethod();
    boolean invite = Request.INVITE.equals(method);
    if (!invite && !Request.UPDATE.equals(method) && !Request.BYE.equals(method)) {
      return null;
    }
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    if (Request.BYE.equals(method)) {
      answered.ended(callId);
      return null;
    }
    long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    return answered.offered(callId, cseq, invite, () -> SipMessages.sdpKind(request));
  }

  private int serverTransactions() {
    return provider.getSipStack() instanceof SIPTransactionStack stack
        ? stack.getServerTransactionTableSize()
        : 0;
  }

  /** Answers a new call 503 while the stack holds as many transactions as it may. */
  private void overloaded(Request request) throws Exception {
    long now = System.nanoTime();
    if (now - lastOverloadLog > OVERLOAD_LOG_INTERVAL.toNanos()) {
      lastOverloadLog = now; // once a minute: under overload, a line per call would add to it
      LOG.warning(
          () ->
              "SIP proxy full ("
                  + settings.maxServerTransactions()
                  + " server transactions, callmail.sip.max-server-transactions): new calls are answered 503 Overloaded");
    }
    responder.respondOverloaded(request);
  }

  /**
   * §16.11: the same checks and routing as {@link #proxy}, but no transaction: answers come back
   * through {@link #relayStateless}, a retransmission is forwarded again on the same branch. No
   * call is tracked this way.
   */
  private void forwardStatelessly(Request request, String source) throws Exception {
    if (validator.rejected(null, request)) {
      return;
    }
    Request forward = (Request) request.clone();
    Routing.RouteSet routeSet = routing.processRouteSet(forward);
    if (routeSet == Routing.RouteSet.TO_PROXY) {
      answerAsTarget(null, forward);
      return;
    }
    boolean routed = forward.getHeader(RouteHeader.NAME) != null;
    routing.route(request, forward);
    if (routing.hasNoRoute(forward)) {
      responder.respond(
          null, request, Response.NOT_FOUND, "No route for " + forward.getRequestURI());
      return;
    }
    boolean byPolicy = !routed && forward.getHeader(RouteHeader.NAME) != null;
    String refusal =
        relays.refusal(request, forward, source, byPolicy, routeSet == Routing.RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(request, source, refusal);
      responder.respond(null, request, Response.FORBIDDEN, refusal);
      return;
    }
    relays.applyIdentityRules(request, forward, source);
    ((MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME)).decrementMaxForwards();
    forward.addFirst(
        own.via(routing.outgoingTransport(request, forward), own.statelessBranch(request)));
    provider.sendRequest(forward);
  }

  /**
   * A request whose target is this proxy: OPTIONS is answered, anything else is not ours to take.
   */
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

  private void forward(
      ServerTransaction server,
      Request request,
      Request forward,
      TrackedCall call,
      AnsweredCalls.Offer offer)
      throws Exception {
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards == null) {
      forward.setHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS));
    } else {
      maxForwards.decrementMaxForwards();
    }
    String inTransport =
        ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase();
    String outTransport = routing.outgoingTransport(request, forward);
    if (isInitialInvite(request)) {
      // §16.6 step 4, with double record-routing when the call changes transport on the way.
      // Each entry carries the dialog's mark, which its in-dialog requests bring back (RouteToken).
      String mark =
          settings
              .routeToken()
              .mark(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
      forward.addFirst(own.recordRoute(routing.supported(inTransport), mark));
      if (!outTransport.equals(routing.supported(inTransport))) {
        forward.addFirst(own.recordRoute(outTransport, mark));
      }
    }
    forward.addFirst(own.via(outTransport, own.newBranch(request)));

    ProxyTransaction pair = new ProxyTransaction(server, cancelKey(request), call, offer);
    ClientTransaction client;
    try {
      client = provider.getNewClientTransaction(forward);
    } catch (SipException e) {
      LOG.log(Level.INFO, () -> "No way to forward " + describe(request) + ": " + e.getMessage());
      pair.finalStatus = Response.SERVICE_UNAVAILABLE;
      responder.tryRespond(server, request, Response.SERVICE_UNAVAILABLE, "Next hop unreachable");
      cancels.endWithoutFinal(pair);
      return;
    }
    synchronized (pair) {
      pair.client = client;
      client.setApplicationData(pair);
      server.setApplicationData(pair);
      if (Request.INVITE.equals(request.getMethod())) {
        cancels.pending(pair);
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
          responder.tryRespond(
              server, request, Response.SERVICE_UNAVAILABLE, "Next hop unreachable");
        }
      }
      cancels.endWithoutFinal(pair);
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
    Routing.RouteSet routeSet = routing.processRouteSet(forward);
    if (routeSet == Routing.RouteSet.TO_PROXY) {
      return; // an ACK for a response of our own
    }
    boolean byPolicy = false;
    if (forward.getHeader(RouteHeader.NAME) == null && own.isOwn(forward.getRequestURI())) {
      LineRoute line = routing.lookupLine(forward.getRequestURI());
      routing.pushRoute(
          forward,
          line != null && line.downstreamRoute() != null
              ? line.downstreamRoute()
              : settings.defaultNextHop());
      if (forward.getHeader(RouteHeader.NAME) == null) {
        return; // nowhere to send it but back to ourselves
      }
      byPolicy = true;
    }
    String refusal =
        relays.refusal(
            event.getRequest(), forward, source, byPolicy, routeSet == Routing.RouteSet.DIALOG);
    if (refusal != null) {
      relays.logRefusal(event.getRequest(), source, refusal); // an ACK is never answered (§17.2.3)
      return;
    }
    relays.applyIdentityRules(event.getRequest(), forward, source);
    Request ack = event.getRequest();
    answered
        .acknowledged(
            ((CallIdHeader) ack.getHeader(CallIdHeader.NAME)).getCallId(),
            ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber(),
            () -> SipMessages.sdpKind(ack))
        .ifPresent(calls::kindChanged); // the answer to a T.38 offer in a 2xx
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards == null) {
      forward.setHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS)); // §16.6 step 3
    } else {
      if (maxForwards.getMaxForwards() <= 0) {
        return;
      }
      maxForwards.decrementMaxForwards();
    }
    forward.addFirst(
        own.via(
            routing.outgoingTransport(event.getRequest(), forward),
            own.statelessBranch(event.getRequest())));
    provider.sendRequest(forward);
  }

  // ---------------------------------------------------------------- responses

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    if (!settings
        .peers()
        .isPeer(event instanceof ResponseEventExt ext ? ext.getRemoteIpAddress() : null)) {
      strangers.refused(
          event instanceof ResponseEventExt ext ? ext.getRemoteIpAddress() : null, "response");
      return; // §16.7: a proxy relays responses from its next hops only; a stranger's is dropped
    }
    try {
      IvrUserAgent userAgent = ivr;
      if (userAgent != null && userAgent.processResponse(event)) {
        return;
      }
      ClientTransaction client = event.getClientTransaction();
      ProxyTransaction pair =
          client == null ? null : (ProxyTransaction) client.getApplicationData();
      if (pair == null) {
        if (client == null) {
          responses.relayStateless(
              response); // §16.7 step 10 / §16.11: 2xx retransmissions and forks
        }
        return; // a response to a CANCEL of our own
      }
      responses.relay(pair, response);
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          e,
          () -> "Could not relay " + response.getStatusCode() + " " + callIdOf(response));
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
    cancels.endWithoutFinal(pair);
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.fine(
        () ->
            "Transport error toward "
                + event.getHost()
                + ":"
                + event.getPort()
                + "/"
                + event.getTransport());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
    if (event.isServerTransaction()) {
      ServerTransaction server = event.getServerTransaction();
      if (server.getApplicationData() instanceof ProxyTransaction pair) {
        cancels.forget(pair);
      }
    }
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    // A proxy keeps no dialogs.
  }

  // ---------------------------------------------------------------- helpers

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
}
