package jp.callmail.sip.connector.ivr;

import gov.nist.javax.sip.RequestEventExt;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.connector.call.CallerIdentity;
import jp.callmail.sip.connector.proxy.Responder;

/**
 * The IVR's SIP side: a user agent server for INVITEs to the IVR number (SPEC §6), sharing the
 * proxy's SIP stack and port. It authenticates the caller through the application, answers with
 * SDP, hands the call to an {@link IvrCallSession} that runs on a WorkManager thread, takes DTMF
 * sent as SIP INFO, and ends the dialog with BYE when the session is done.
 *
 * <p>Nothing here blocks a SIP stack thread: the application is asked from the worker thread that
 * then runs the media. Calls are keyed by Call-ID; the proxy hands every request of a known Call-ID
 * here before its own routing.
 *
 * <p>Why it is over 400 lines: it is the IVR's whole SIP side (answer, dialog matching, INFO keys,
 * CANCEL, BYE) around one call's state; the media and the dialogue are in their own classes.
 */
public final class IvrUserAgent {

  private static final Logger LOG = Logger.getLogger(IvrUserAgent.class.getName());
  private static final long ACK_WAIT_SECONDS = 32; // 64*T1 (RFC 3261 §13.3.1.4)

  /** The application's answers, asked on a worker thread; may block up to a bounded time. */
  public interface Application {
    IvrCaller caller(String callerNumber) throws Exception;

    TemporaryPasswordOutcome setTemporaryPassword(
        String line, IvrService service, String password, String caller) throws Exception;
  }

  /** Runs a task on a container-managed thread (the resource adapter's WorkManager). */
  @FunctionalInterface
  public interface Worker {
    void start(Runnable task) throws Exception;
  }

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final String ownHost;
  private final int ownPort;
  private final IvrSettings settings;
  private final PromptLibrary prompts;
  private final RtpPortPool ports;
  private final int maxCalls;
  private final int maxCallsPerSource;
  private final Application application;
  private final Worker worker;
  private final Responder responder;
  private final Map<String, IvrCall> calls = new ConcurrentHashMap<>();

  public IvrUserAgent(
      SipProvider provider,
      MessageFactory messages,
      HeaderFactory headers,
      AddressFactory addresses,
      String ownHost,
      int ownPort,
      IvrSettings settings,
      PromptLibrary prompts,
      RtpPortPool ports,
      int maxCalls,
      int maxCallsPerSource,
      Application application,
      Worker worker) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
    this.ownHost = ownHost;
    this.ownPort = ownPort;
    this.settings = settings;
    this.prompts = prompts;
    this.ports = ports;
    this.maxCalls = maxCalls;
    this.maxCallsPerSource = maxCallsPerSource;
    this.application = application;
    this.worker = worker;
    this.responder = new Responder(provider, messages, headers);
  }

  /** The configured IVR number in national form. */
  public String number() {
    return settings.ivrNumber();
  }

  /** IVR calls in progress (being answered or in their dialogue). */
  public int activeCalls() {
    return calls.size();
  }

  /** Whether a request belongs to a call the IVR is handling (in-dialog requests, CANCEL, ACK). */
  public boolean owns(Request request) {
    CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    return callId != null && calls.containsKey(callId.getCallId());
  }

  // ------------------------------------------------------------------------------ new calls

  /**
   * An initial INVITE to the IVR number, already validated by the proxy and answered with 100. Only
   * the network is believed (SPEC §6): the call must come from an upstream peer that asserts the
   * caller's identity; {@code From} is whatever the caller wrote and counts for nothing.
   *
   * @param source the address the INVITE came from
   * @param upstream whether that address is an upstream peer
   * @param caller the caller as the upstream peer asserted it (P-Asserted-Identity), or null when
   *     it asserted none
   */
  public void answer(
      ServerTransaction server,
      Request invite,
      String source,
      boolean upstream,
      CallerIdentity caller) {
    String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
    if (!upstream) {
      LOG.info(() -> "IVR call " + callId + " from " + source + " refused: not an upstream peer");
      respond(
          server,
          invite,
          Response.FORBIDDEN,
          "The IVR answers calls from the carrier network only");
      return;
    }
    if (caller == null) {
      LOG.info(() -> "IVR call " + callId + " from " + source + " refused: no P-Asserted-Identity");
      respond(
          server,
          invite,
          Response.FORBIDDEN,
          "No network-asserted caller identity (P-Asserted-Identity)");
      return;
    }
    if (caller.withheldReason().isWithheld() || caller.number().isEmpty()) {
      LOG.info(
          () ->
              "IVR call "
                  + callId
                  + " refused: caller number withheld ("
                  + caller.withheldReason()
                  + ")");
      respond(
          server, invite, Response.FORBIDDEN, "Caller number withheld: call from the service line");
      return;
    }
    if (calls.size() >= maxCalls) {
      LOG.warning(
          () -> "IVR call " + callId + " refused: " + calls.size() + " calls already in progress");
      respond(server, invite, Response.BUSY_HERE, "IVR busy");
      return;
    }
    if (calls.values().stream().filter(c -> c.source.equals(source)).count() >= maxCallsPerSource) {
      LOG.warning(
          () ->
              "IVR call "
                  + callId
                  + " refused: "
                  + maxCallsPerSource
                  + " calls from "
                  + source
                  + " already in progress (callmail.sip.ivr-max-calls-per-source)");
      respond(server, invite, Response.BUSY_HERE, "IVR busy");
      return;
    }
    if (calls.values().stream().anyMatch(c -> c.callerNumber.equals(caller.number()))) {
      LOG.info(
          () ->
              "IVR call "
                  + callId
                  + " refused: a call from "
                  + caller.number()
                  + " is already in progress");
      respond(server, invite, Response.BUSY_HERE, "A call from this number is in progress");
      return;
    }
    String fromTag = ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
    IvrCall call = new IvrCall(callId, server, invite, caller.number(), source, fromTag);
    if (calls.putIfAbsent(callId, call) != null) {
      respond(server, invite, Response.LOOP_DETECTED, "Call-ID already in use at the IVR");
      return;
    }
    try {
      worker.start(() -> run(call));
    } catch (Exception e) {
      calls.remove(callId, call);
      LOG.log(Level.WARNING, e, () -> "IVR call " + callId + ": no worker thread");
      respond(server, invite, Response.SERVICE_UNAVAILABLE, "IVR overloaded");
    }
  }

  /** The call's life on a worker thread: ask the application, answer, run the media, hang up. */
  private void run(IvrCall call) {
    DatagramSocket socket = null;
    try {
      IvrCaller caller = application.caller(call.callerNumber);
      if (caller.isRefused()) {
        LOG.info(
            () ->
                "IVR call "
                    + call.callId
                    + " from "
                    + call.callerNumber
                    + " refused: not a service line or authentication number");
        respond(
            call.server,
            call.invite,
            Response.FORBIDDEN,
            "Not a service line or authentication number");
        return;
      }
      String offer = sdpOf(call.invite);
      SdpNegotiation.Negotiated media = null;
      if (offer != null) {
        try {
          media = SdpNegotiation.fromOffer(offer);
        } catch (SdpNegotiation.NotAcceptable e) {
          LOG.info(
              () -> "IVR call " + call.callId + ": offer not acceptable (" + e.getMessage() + ")");
          respond(call.server, call.invite, Response.NOT_ACCEPTABLE_HERE, ascii(e.getMessage()));
          return;
        }
      }
      socket = ports.open();
      long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      String localAddress = ports.localAddress().getHostAddress();
      String body =
          media != null
              ? SdpNegotiation.answer(media, localAddress, socket.getLocalPort(), sessionId, 1)
              : SdpNegotiation.offer(localAddress, socket.getLocalPort(), sessionId, 1);
      if (!sendOk(call, body)) {
        return;
      }
      // No prompt before the ACK (RFC 3261 §13.3.1.4): until then the caller may not have the
      // answer,
      // and a spoofed INVITE would make the IVR send audio to whatever address it named.
      String ack = call.ackBody.get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
      if (ack == null) {
        return; // hung up before the ACK
      }
      if (media == null) {
        media = SdpNegotiation.fromAnswer(ack);
      }
      IvrCallSession session =
          new IvrCallSession(socket, media, caller, prompts, settings, new Control(call));
      if (!call.attach(session)) {
        return; // the caller hung up before the media started; finally closes the socket
      }
      socket = null; // the session owns it now and closes it
      LOG.info(() -> "IVR call " + call.callId + " from " + call.callerNumber + " answered");
      session.run();
    } catch (TimeoutException e) {
      LOG.info(() -> "IVR call " + call.callId + ": no ACK with an SDP answer; ending the call");
      sendBye(call);
    } catch (Exception e) {
      LOG.log(Level.WARNING, e, () -> "IVR call " + call.callId + " failed");
      if (!call.answered) {
        respond(call.server, call.invite, Response.SERVER_INTERNAL_ERROR, "IVR failure");
      } else {
        sendBye(call);
      }
    } finally {
      if (socket != null) {
        socket.close();
      }
      calls.remove(call.callId, call);
    }
  }

  private boolean sendOk(IvrCall call, String sdp) throws Exception {
    synchronized (call) {
      if (call.cancelled) {
        return false;
      }
      Response ok = messages.createResponse(Response.OK, call.invite);
      call.localTag = tag();
      ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.localTag);
      SipURI contactUri = addresses.createSipURI(settings.ivrNumber(), ownHost);
      contactUri.setPort(ownPort);
      contactUri.setTransportParam(transportOf(call.server));
      Address contact = addresses.createAddress(contactUri);
      ok.addHeader(headers.createContactHeader(contact));
      for (String method : List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO")) {
        ok.addHeader(headers.createAllowHeader(method));
      }
      ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
      ok.setContent(sdp.getBytes(StandardCharsets.US_ASCII), type);
      call.dialog = provider.getNewDialog(call.server);
      call.dialog.setApplicationData(call);
      call.server.sendResponse(ok); // the dialog retransmits the 2xx until the ACK (§13.3.1.4)
      call.answered = true;
      return true;
    }
  }

  // ------------------------------------------------------------------------------ in-dialog

  /** A request of a call the IVR owns (see {@link #owns}). */
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    IvrCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    if (call == null) {
      return;
    }
    String mismatch =
        call.mismatch(
            request, event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null);
    if (mismatch != null) {
      LOG.info(
          () ->
              "IVR call "
                  + call.callId
                  + ": "
                  + request.getMethod()
                  + " ignored ("
                  + mismatch
                  + ")");
      if (!Request.ACK.equals(request.getMethod())) {
        respond(
            serverTransaction(event), request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
      }
      return;
    }
    try {
      switch (request.getMethod()) {
        case Request.ACK -> call.ackBody.complete(Objects.requireNonNullElse(sdpOf(request), ""));
        case Request.CANCEL -> cancel(event, call);
        case Request.BYE -> {
          respond(serverTransaction(event), request, Response.OK, null);
          call.hungUpByRemote();
          LOG.info(() -> "IVR call " + call.callId + ": caller hung up");
        }
        case Request.INFO -> info(event, call);
        case Request.OPTIONS -> respond(serverTransaction(event), request, Response.OK, null);
        case Request.INVITE, Request.UPDATE -> {
          ServerTransaction server = serverTransaction(event);
          if (server != null) {
            respond(
                server, request, Response.NOT_ACCEPTABLE_HERE, "IVR keeps the session unchanged");
          }
        }
        default -> respond(serverTransaction(event), request, Response.METHOD_NOT_ALLOWED, null);
      }
    } catch (Exception e) {
      LOG.log(
          Level.FINE,
          e,
          () -> "IVR call " + call.callId + ": could not handle " + request.getMethod());
    }
  }

  private void cancel(RequestEvent event, IvrCall call) {
    Request cancel = event.getRequest();
    respond(serverTransaction(event), cancel, Response.OK, null);
    synchronized (call) {
      if (!call.answered) {
        call.cancelled = true;
        respond(call.server, call.invite, Response.REQUEST_TERMINATED, null);
        LOG.info(() -> "IVR call " + call.callId + " cancelled before the answer");
      }
    }
  }

  /** DTMF as SIP INFO (application/dtmf-relay, application/dtmf), the fallback of SPEC §6. */
  private void info(RequestEvent event, IvrCall call) {
    Request info = event.getRequest();
    ServerTransaction server = serverTransaction(event);
    ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
    byte[] body = info.getRawContent();
    if (type == null || body == null || body.length == 0) {
      respond(server, info, Response.OK, null); // an empty INFO is a keep-alive
      return;
    }
    String contentType = type.getContentType() + "/" + type.getContentSubType();
    var digit = DtmfInfo.parse(contentType, body);
    if (digit.isEmpty()) {
      respond(
          server,
          info,
          Response.UNSUPPORTED_MEDIA_TYPE,
          "Send DTMF as application/dtmf-relay or application/dtmf");
      return;
    }
    respond(server, info, Response.OK, null);
    call.dtmf(digit.get());
  }

  /** A response to a BYE the IVR sent. */
  public boolean processResponse(ResponseEvent event) {
    ClientTransaction client = event.getClientTransaction();
    return client != null && client.getApplicationData() instanceof IvrCall;
  }

  public boolean processTimeout(TimeoutEvent event) {
    return !event.isServerTransaction()
        && event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof IvrCall;
  }

  /** Ends every call (adapter stop): callers hear nothing more and get a BYE. */
  public void stop() {
    for (IvrCall call : calls.values()) {
      sendBye(call);
      call.hungUpByRemote(); // the session ends without a second BYE
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private void sendBye(IvrCall call) {
    Dialog dialog = call.dialog;
    if (dialog == null || call.byeSent) {
      return;
    }
    call.byeSent = true;
    try {
      Request bye = dialog.createRequest(Request.BYE);
      ClientTransaction client = provider.getNewClientTransaction(bye);
      client.setApplicationData(call);
      dialog.sendRequest(client);
      LOG.fine(() -> "IVR call " + call.callId + ": BYE sent");
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "IVR call " + call.callId + ": could not send BYE");
    }
  }

  private ServerTransaction serverTransaction(RequestEvent event) {
    ServerTransaction server = event.getServerTransaction();
    if (server != null) {
      return server;
    }
    try {
      return provider.getNewServerTransaction(event.getRequest());
    } catch (Exception retransmissionOrNoTransaction) {
      return null; // a retransmission is absorbed by its transaction; anything else is answered
      // statelessly
    }
  }

  /** Answers through the proxy's {@link Responder}, with what the IVR itself accepts. */
  private void respond(ServerTransaction server, Request request, int status, String reason) {
    List<Header> extra = new ArrayList<>();
    try {
      if (status == Response.METHOD_NOT_ALLOWED) {
        for (String method : List.of("ACK", "BYE", "CANCEL", "INFO", "OPTIONS")) {
          extra.add(headers.createAllowHeader(method));
        }
      }
      if (status == Response.UNSUPPORTED_MEDIA_TYPE) {
        extra.add(headers.createAcceptHeader("application", "dtmf-relay"));
        extra.add(headers.createAcceptHeader("application", "dtmf"));
      }
    } catch (ParseException e) {
      LOG.log(Level.FINE, e, () -> "IVR answer " + status + " without its extra headers");
    }
    responder.tryRespond(server, request, status, reason, extra);
  }

  private static String transportOf(ServerTransaction server) {
    ViaHeader via = (ViaHeader) server.getRequest().getHeader(ViaHeader.NAME);
    return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
  }

  private static String sdpOf(Request request) {
    byte[] body = request.getRawContent();
    ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
    if (body == null
        || body.length == 0
        || type == null
        || !"application".equalsIgnoreCase(type.getContentType())
        || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
      return null;
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** Reason phrases are UTF-8 in theory; keep them ASCII and short for old phones. */
  private static String ascii(String text) {
    String clean = text == null ? "" : text.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) : clean;
  }

  /** The session's view of the SIP side. */
  private final class Control implements IvrCallControl {
    private final IvrCall call;

    Control(IvrCall call) {
      this.call = call;
    }

    @Override
    public TemporaryPasswordOutcome setTemporaryPassword(
        String line, IvrService service, String password) throws Exception {
      return application.setTemporaryPassword(line, service, password, call.callerNumber);
    }

    @Override
    public void hangUp() {
      sendBye(call);
    }

    @Override
    public String describe() {
      return "call-id=" + call.callId + " caller=" + call.callerNumber;
    }
  }

  /**
   * One IVR call's signalling state; guarded by its own monitor where the SIP and worker threads
   * meet.
   */
  private static final class IvrCall {
    final String callId;
    final ServerTransaction server;
    final Request invite;
    final String callerNumber;

    /** The INVITE's source address and From tag: the dialog's other end (RFC 3261 §12). */
    final String source;

    final String remoteTag;
    volatile String localTag;

    /** The ACK's SDP ("" for none), or null when the caller hung up first. */
    final CompletableFuture<String> ackBody = new CompletableFuture<>();

    volatile Dialog dialog;
    volatile boolean answered;
    volatile boolean cancelled;
    volatile boolean byeSent;
    private IvrCallSession session;
    private boolean remoteGone;

    /** Keys sent as INFO between the 200 and the start of the media; a phone may key at once. */
    private final StringBuilder earlyKeys = new StringBuilder();

    IvrCall(
        String callId,
        ServerTransaction server,
        Request invite,
        String callerNumber,
        String source,
        String remoteTag) {
      this.callId = callId;
      this.server = server;
      this.invite = invite;
      this.callerNumber = callerNumber;
      this.source = source;
      this.remoteTag = remoteTag;
    }

    /**
     * Why a request with this call's Call-ID is not of this call, or null when it is: it must come
     * from the INVITE's source and carry the dialog's tags (a CANCEL: the INVITE's, no To tag).
     */
    String mismatch(Request request, String from) {
      if (!source.equals(from)) {
        return "sent from " + from + ", the call came from " + source;
      }
      String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
      if (!Objects.equals(remoteTag, fromTag)) {
        return "From tag is not the caller's";
      }
      String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
      boolean cancel = Request.CANCEL.equals(request.getMethod());
      String expected = cancel ? null : localTag;
      if (!cancel && Request.ACK.equals(request.getMethod()) && localTag == null) {
        return null; // the ACK of a non-2xx final response: the INVITE's transaction absorbs it
      }
      if (expected == null ? toTag != null : !expected.equals(toTag)) {
        return "To tag is not this dialog's";
      }
      return null;
    }

    synchronized boolean attach(IvrCallSession started) {
      if (remoteGone) {
        return false;
      }
      session = started;
      for (int i = 0; i < earlyKeys.length(); i++) {
        started.dtmf(earlyKeys.charAt(i));
      }
      earlyKeys.setLength(0);
      return true;
    }

    synchronized void hungUpByRemote() {
      remoteGone = true;
      byeSent = true; // the dialog is over: never send a BYE of our own
      ackBody.complete(null);
      if (session != null) {
        session.hangUpByRemote();
      }
    }

    synchronized void dtmf(char digit) {
      if (session != null) {
        session.dtmf(digit);
      } else if (earlyKeys.length() < 64) {
        earlyKeys.append(digit);
      }
    }
  }
}
