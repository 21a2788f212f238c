import gov.nist.core.CommonLogger;
import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Benchmark target (j): the smallest transaction-stateful, record-routing SIP proxy on JAIN-SIP RI,
 * with no application server and no application work, as the ceiling for callmail's design (the
 * same stack, the same stack properties, the same threads). Not part of the product.
 *
 * <p>What it does per message, as Kamailio's kamailio.cfg beside it and callmail's pure proxy path
 * do: a server transaction for each request (retransmissions absorbed by the stack), 100 Trying for
 * an INVITE, Max-Forwards, loose routing (its own Route entry removed), Record-Route on an initial
 * INVITE, its own Via, a client transaction towards the next hop (the remaining Route, else the
 * Request-URI, else the default next hop when the Request-URI names this proxy), responses relayed
 * on the server transaction with its Via removed, a CANCEL answered here and sent downstream once a
 * provisional response has come (RFC 3261 §16.10, §9.1), the ACK of a non-2xx absorbed by the
 * server transaction (the client transaction sends its own), the ACK of a 2xx and 2xx
 * retransmissions that match no transaction forwarded statelessly (§16.7 step 10, §16.11).
 *
 * <p>Run (run-bench.sh compiles it against the jain-sip-ri jar of the root pom's version):
 *
 * <pre>
 *   java -cp jain-sip-ri.jar:classes BareProxy 127.0.0.1 5196 sip:127.0.0.1:5193 \
 *       server-config/sip-stack.properties
 * </pre>
 *
 * It prints "BareProxy listening on ..." once the stack runs and stops on SIGTERM.
 */
public final class BareProxy implements SipListener {

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final String host;
  private final int port;
  private final RouteHeader defaultRoute;
  private final RecordRouteHeader recordRoute;
  private final ConcurrentHashMap<String, Pair> invitesByCancelKey = new ConcurrentHashMap<>();

  /** A server transaction and the client transaction it was forwarded on. */
  private static final class Pair {
    final ServerTransaction server;
    final String cancelKey;
    ClientTransaction client;
    boolean provisional;
    boolean cancelRequested;
    boolean cancelSent;
    boolean finalSent;

    Pair(ServerTransaction server, String cancelKey) {
      this.server = server;
      this.cancelKey = cancelKey;
    }
  }

  private BareProxy(
      SipProvider provider,
      MessageFactory messages,
      HeaderFactory headers,
      AddressFactory addresses,
      String host,
      int port,
      String nextHop)
      throws Exception {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.host = host;
    this.port = port;
    SipURI next = (SipURI) addresses.createURI(nextHop);
    next.setLrParam();
    this.defaultRoute = headers.createRouteHeader(addresses.createAddress(next));
    SipURI self = addresses.createSipURI(null, host);
    self.setPort(port);
    self.setLrParam();
    this.recordRoute = headers.createRecordRouteHeader(addresses.createAddress(self));
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: BareProxy <address> <port> <default next hop URI> <stack properties>");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Properties properties = new Properties();
    try (InputStream in = new FileInputStream(args[3])) {
      properties.load(in); // callmail's own file: server-config/sip-stack.properties
    }
    // What callmail's SipProxyServer sets itself, except its own classes (its parser factory, its
    // bounded UDP/TCP message processors and its JUL loggers): the stack's stock ones here.
    properties.setProperty("javax.sip.STACK_NAME", "bare-proxy-" + host + "-" + port);
    properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", StderrStackLogger.class.getName());
    properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", NoServerLogger.class.getName());
    CommonLogger.legacyLogger = new StderrStackLogger();
    CommonLogger.useLegacyLogger = true; // log4j (the stack's default) is not on the class path

    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    SipStack stack = factory.createSipStack(properties);
    ListeningPoint point = stack.createListeningPoint(host, port, "udp");
    SipProvider provider = stack.createSipProvider(point);
    BareProxy proxy =
        new BareProxy(
            provider,
            factory.createMessageFactory(),
            factory.createHeaderFactory(),
            factory.createAddressFactory(),
            host,
            port,
            args[2]);
    provider.addSipListener(proxy);
    stack.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.stop();
                  stopped.countDown();
                }));
    System.out.println(
        "BareProxy listening on " + host + ":" + port + " udp, default next hop " + args[2]);
    System.out.flush();
    stopped.await();
  }

  // ------------------------------------------------------------------------------- requests

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      switch (request.getMethod()) {
        case Request.ACK -> ack(event);
        case Request.CANCEL -> cancel(event);
        default -> proxy(event);
      }
    } catch (Exception e) {
      System.err.println("BareProxy: " + request.getMethod() + " failed: " + e);
    }
  }

  private void proxy(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    ServerTransaction server = event.getServerTransaction();
    if (server == null) {
      try {
        server = provider.getNewServerTransaction(request);
      } catch (TransactionAlreadyExistsException retransmission) {
        return;
      }
    }
    boolean invite = Request.INVITE.equals(request.getMethod());
    if (invite) {
      server.sendResponse(messages.createResponse(Response.TRYING, request));
    }
    Request forward = (Request) request.clone();
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards != null) {
      if (maxForwards.getMaxForwards() <= 0) {
        server.sendResponse(messages.createResponse(Response.TOO_MANY_HOPS, request));
        return;
      }
      maxForwards.decrementMaxForwards();
    } else {
      forward.setHeader(headers.createMaxForwardsHeader(70));
    }
    route(forward);
    boolean initial = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null;
    if (invite && initial) {
      forward.addFirst((RecordRouteHeader) recordRoute.clone());
    }
    forward.addFirst(
        headers.createViaHeader(host, port, "udp", Utils.getInstance().generateBranchId()));
    Pair pair = new Pair(server, invite ? cancelKey(request) : null);
    ClientTransaction client = provider.getNewClientTransaction(forward);
    synchronized (pair) {
      pair.client = client;
      client.setApplicationData(pair);
      server.setApplicationData(pair);
      if (invite) {
        invitesByCancelKey.put(pair.cancelKey, pair);
      }
    }
    client.sendRequest();
  }

  /** Loose routing: drops this proxy's own Route entry; sends to the default next hop if needed. */
  private void route(Request forward) throws Exception {
    RouteHeader top = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    if (top != null && isOwn(top.getAddress().getURI())) {
      forward.removeFirst(RouteHeader.NAME);
    }
    if (forward.getHeader(RouteHeader.NAME) == null && isOwn(forward.getRequestURI())) {
      forward.addFirst((RouteHeader) defaultRoute.clone());
    }
  }

  private boolean isOwn(URI uri) {
    return uri instanceof SipURI sip
        && host.equals(sip.getHost())
        && (sip.getPort() == port || (sip.getPort() == -1 && port == 5060));
  }

  /** The ACK of a 2xx is a request of its own: forwarded statelessly along the route set. */
  private void ack(RequestEvent event) throws Exception {
    if (event.getServerTransaction() != null) {
      return; // the ACK of a non-2xx final response, absorbed by the server transaction
    }
    Request forward = (Request) event.getRequest().clone();
    RouteHeader top = (RouteHeader) forward.getHeader(RouteHeader.NAME);
    if (top != null && isOwn(top.getAddress().getURI())) {
      forward.removeFirst(RouteHeader.NAME);
    }
    if (forward.getHeader(RouteHeader.NAME) == null && isOwn(forward.getRequestURI())) {
      return; // a late ACK of a non-2xx whose transaction is gone: nothing downstream wants it
    }
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) forward.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards != null) {
      if (maxForwards.getMaxForwards() <= 0) {
        return;
      }
      maxForwards.decrementMaxForwards();
    }
    ViaHeader via = (ViaHeader) event.getRequest().getHeader(ViaHeader.NAME);
    forward.addFirst(
        headers.createViaHeader(
            host, port, "udp", "z9hG4bK-sl-" + Integer.toHexString(via.getBranch().hashCode())));
    provider.sendRequest(forward);
  }

  /** RFC 3261 §16.10: answered here, sent downstream once a provisional response has come. */
  private void cancel(RequestEvent event) throws Exception {
    Request cancel = event.getRequest();
    ServerTransaction server = event.getServerTransaction();
    if (server == null) {
      try {
        server = provider.getNewServerTransaction(cancel);
      } catch (TransactionAlreadyExistsException retransmission) {
        return;
      }
    }
    Pair pair = invitesByCancelKey.get(cancelKey(cancel));
    if (pair == null) {
      server.sendResponse(
          messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, cancel));
      return;
    }
    server.sendResponse(messages.createResponse(Response.OK, cancel));
    synchronized (pair) {
      pair.cancelRequested = true;
      sendPendingCancel(pair);
    }
  }

  /** Holds the pair's lock. */
  private void sendPendingCancel(Pair pair) throws Exception {
    if (!pair.cancelRequested || pair.cancelSent || !pair.provisional || pair.finalSent) {
      return;
    }
    pair.cancelSent = true;
    Request cancel = pair.client.createCancel();
    // The provider would find the INVITE by comparing the CANCEL with every client transaction;
    // the proxy holds it, so it makes the CANCEL's transaction on the INVITE's channel, as callmail
    // does (with CANCEL_CLIENT_TRANSACTION_CHECKED=false in the stack properties).
    SIPTransactionStack stack = (SIPTransactionStack) provider.getSipStack();
    SIPClientTransaction transaction =
        stack.createClientTransaction(
            (SIPRequest) cancel, ((SIPClientTransaction) pair.client).getMessageChannel());
    transaction.addEventListener((SipProviderImpl) provider);
    stack.addTransaction(transaction);
    transaction.sendRequest();
  }

  private static String cancelKey(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId()
        + " "
        + ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
  }

  // ------------------------------------------------------------------------------ responses

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    try {
      ClientTransaction client = event.getClientTransaction();
      if (client == null) {
        relayStateless(response);
        return;
      }
      Pair pair = (Pair) client.getApplicationData();
      if (pair == null) {
        return; // the answer to a CANCEL of our own
      }
      int status = response.getStatusCode();
      synchronized (pair) {
        if (status == Response.TRYING) {
          pair.provisional = true; // never forwarded (§16.7 step 5), but a CANCEL may go now
          sendPendingCancel(pair);
          return;
        }
        Response upstream = (Response) response.clone();
        upstream.removeFirst(ViaHeader.NAME);
        if (status < 200) {
          pair.provisional = true;
          sendPendingCancel(pair);
        }
        if (!pair.finalSent && pair.server.getState() != TransactionState.TERMINATED) {
          if (status >= 200) {
            pair.finalSent = true;
          }
          pair.server.sendResponse(upstream);
        } else if (status >= 200 && status < 300) {
          provider.sendResponse(upstream); // a further 2xx: end to end
        }
      }
    } catch (Exception e) {
      System.err.println("BareProxy: relaying " + response.getStatusCode() + " failed: " + e);
    }
  }

  /** 2xx retransmissions after the INVITE transactions ended: forwarded if they came through us. */
  private void relayStateless(Response response) throws Exception {
    ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
    if (top == null
        || !host.equals(top.getHost())
        || top.getPort() != port
        || response.getStatusCode() < 200) {
      return;
    }
    Response upstream = (Response) response.clone();
    upstream.removeFirst(ViaHeader.NAME);
    if (upstream.getHeader(ViaHeader.NAME) != null) {
      provider.sendResponse(upstream);
    }
  }

  // --------------------------------------------------------------------------------- events

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.isServerTransaction()) {
      return;
    }
    Pair pair = (Pair) event.getClientTransaction().getApplicationData();
    if (pair == null) {
      return;
    }
    synchronized (pair) {
      if (pair.finalSent || pair.server.getState() == TransactionState.TERMINATED) {
        return;
      }
      pair.finalSent = true;
      try {
        pair.server.sendResponse(
            messages.createResponse(Response.REQUEST_TIMEOUT, pair.server.getRequest()));
      } catch (Exception e) {
        System.err.println("BareProxy: 408 failed: " + e);
      }
    }
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
    if (event.isServerTransaction()
        && event.getServerTransaction().getApplicationData() instanceof Pair pair
        && pair.cancelKey != null) {
      invitesByCancelKey.remove(pair.cancelKey, pair);
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  // -------------------------------------------------------------------------------- logging

  /**
   * The stack's log as callmail keeps it by default, to stderr: warnings and errors; the stack's
   * "info" is per-message chatter (every datagram's source) that callmail logs at FINE, i.e. not.
   */
  public static final class StderrStackLogger implements StackLogger {
    @Override
    public void logStackTrace() {}

    @Override
    public void logStackTrace(int traceLevel) {}

    @Override
    public int getLineCount() {
      return 0;
    }

    @Override
    public void logException(Throwable ex) {
      System.err.println("jain-sip: " + ex);
    }

    @Override
    public void logDebug(String message) {}

    @Override
    public void logDebug(String message, Exception ex) {}

    @Override
    public void logTrace(String message) {}

    @Override
    public void logFatalError(String message) {
      System.err.println("jain-sip FATAL: " + message);
    }

    @Override
    public void logError(String message) {
      System.err.println("jain-sip ERROR: " + message);
    }

    @Override
    public boolean isLoggingEnabled() {
      return true;
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
      return logLevel <= TRACE_WARN;
    }

    @Override
    public void logError(String message, Exception ex) {
      System.err.println("jain-sip ERROR: " + message + ": " + ex);
    }

    @Override
    public void logWarning(String message) {
      System.err.println("jain-sip WARNING: " + message);
    }

    @Override
    public void logInfo(String message) {}

    @Override
    public void disableLogging() {}

    @Override
    public void enableLogging() {}

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {}

    @Override
    public void setStackProperties(Properties stackProperties) {}

    @Override
    public String getLoggerName() {
      return "bare-proxy";
    }
  }

  /** No message log (callmail logs messages only at FINEST). */
  public static final class NoServerLogger implements ServerLogger {
    @Override
    public void closeLogFile() {}

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {}

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender, long time) {}

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender) {}

    @Override
    public void logException(Exception ex) {}

    @Override
    public void setStackProperties(Properties stackProperties) {}

    @Override
    public void setSipStack(SipStack sipStack) {}
  }
}
