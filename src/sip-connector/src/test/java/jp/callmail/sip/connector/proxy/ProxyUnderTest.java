package jp.callmail.sip.connector.proxy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.connector.stack.KeyedTransactionStack;
import jp.callmail.sip.connector.trust.Peers;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * The proxy under test, in this JVM: a {@link SipProxyServer} on 127.0.0.1 and a free port (UDP and
 * TCP) with the packaged stack properties, a map of watched lines, a queue of the records it
 * delivers and timers on a scheduled executor.
 */
final class ProxyUnderTest implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  /**
   * Callers and callees of the scenarios are peers (both roles) on 127.0.0.1; 127.0.0.2 is the
   * stranger. A whole /8 is loopback on Linux, so a socket bound there is another source.
   */
  static final String PEERS = "127.0.0.1";

  static final String STRANGER = "127.0.0.2";
  private static final String STACK_PROPERTIES = "jp/callmail/sip/connector/sip-stack.properties";

  final int port;
  final ProxySettings settings;
  final Map<String, LineRoute> lines = new ConcurrentHashMap<>();

  /** How long the application takes to answer a line lookup, per number (none when absent). */
  final Map<String, Duration> lookupDelays = new ConcurrentHashMap<>();

  /** What the proxy's CallSink delivers, in order. */
  final BlockingQueue<CallCompletedRecord> records = new LinkedBlockingQueue<>();

  /** The kind changes the proxy's CallSink receives, in order. */
  final BlockingQueue<CallKindChange> kindChanges = new LinkedBlockingQueue<>();

  /** Records taken off the queue so far: tests of one proxy look for their own calls by Call-ID. */
  private final List<CallCompletedRecord> taken = new ArrayList<>();

  private final ScheduledExecutorService timers;
  private final SipProxyServer server;
  final SipProxy proxy;

  private ProxyUnderTest(String defaultNextHop, Duration timerC, int maxServerTransactions)
      throws Exception {
    this(defaultNextHop, timerC, maxServerTransactions, PEERS, ProxyLimits.DEFAULTS);
  }

  private ProxyUnderTest(
      String defaultNextHop,
      Duration timerC,
      int maxServerTransactions,
      String peers,
      ProxyLimits limits)
      throws Exception {
    this.port = freePort();
    this.settings =
        new ProxySettings(
            HOST,
            port,
            List.of("udp", "tcp"),
            defaultNextHop,
            Peers.parse(peers),
            false,
            RouteToken.of(null),
            timerC,
            maxServerTransactions);
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "test-proxy-timers-" + port);
              t.setDaemon(true);
              return t;
            });
    this.server = new SipProxyServer(settings, stackProperties(), limits);
    LineLookup lookup =
        number -> {
          Duration delay = lookupDelays.get(number);
          if (delay != null) {
            java.util.concurrent.locks.LockSupport.parkNanos(delay.toNanos());
          }
          return lines.getOrDefault(number, LineRoute.unwatched(number));
        };
    CallSink sink =
        new CallSink() {
          @Override
          public void deliver(CallCompletedRecord record) {
            records.add(record);
          }

          @Override
          public void kindChanged(CallKindChange change) {
            kindChanges.add(change);
          }
        };
    ProxyScheduler scheduler =
        (task, delay) -> {
          ScheduledFuture<?> future = timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
          return () -> future.cancel(false);
        };
    this.proxy = server.start(lookup, sink, scheduler, null);
    StackLogCapture.afterStackStart();
  }

  static ProxyUnderTest start(String defaultNextHop, Duration timerC) throws Exception {
    return new ProxyUnderTest(defaultNextHop, timerC, 40_000);
  }

  /**
   * A proxy whose stack holds at most {@code maxServerTransactions} before it refuses new calls.
   */
  static ProxyUnderTest start(String defaultNextHop, Duration timerC, int maxServerTransactions)
      throws Exception {
    return new ProxyUnderTest(defaultNextHop, timerC, maxServerTransactions);
  }

  /** A proxy with other peers ({@code callmail.sip.peers} syntax). */
  static ProxyUnderTest withPeers(String defaultNextHop, String peers) throws Exception {
    return new ProxyUnderTest(
        defaultNextHop, Duration.ofSeconds(30), 40_000, peers, ProxyLimits.DEFAULTS);
  }

  /** A proxy with the given limits on TCP connections and non-INVITE requests. */
  static ProxyUnderTest start(ProxyLimits limits) throws Exception {
    return new ProxyUnderTest(null, Duration.ofSeconds(180), 40_000, PEERS, limits);
  }

  /** The same with other peers. */
  static ProxyUnderTest start(ProxyLimits limits, String peers) throws Exception {
    return new ProxyUnderTest(null, Duration.ofSeconds(180), 40_000, peers, limits);
  }

  /** The stack properties shipped with the adapter (server-config/sip-stack.properties). */
  static Properties stackProperties() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        ProxyUnderTest.class.getClassLoader().getResourceAsStream(STACK_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException(STACK_PROPERTIES + " is not on the class path");
      }
      properties.load(in);
    }
    return properties;
  }

  /** The proxy's stack, which finds transactions by key. */
  KeyedTransactionStack stack() {
    return (KeyedTransactionStack) server.stack();
  }

  /** How often the stack has compared a message with a whole transaction table so far. */
  long transactionScans() {
    return stack().fallbackScans();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(RawSipEndpoint.LOOPBACK, port);
  }

  /** The proxy's own URI ({@code sip:127.0.0.1:port}). */
  String uri() {
    return "sip:" + HOST + ":" + port;
  }

  void watch(String number, String downstreamRoute) {
    lines.put(number, new LineRoute(number, true, downstreamRoute));
  }

  /** Waits (polling the queue) for the record of a call. */
  CallCompletedRecord awaitRecord(String callId, Duration timeout) {
    return await("record for " + callId)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> recordsFor(callId).stream().findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  /** Every record delivered so far for a call. */
  synchronized List<CallCompletedRecord> recordsFor(String callId) {
    records.drainTo(taken);
    List<CallCompletedRecord> found = new ArrayList<>();
    for (CallCompletedRecord r : taken) {
      if (r.callId().equals(callId)) {
        found.add(r);
      }
    }
    return found;
  }

  /** Every kind change delivered so far for a call (they stay in the queue). */
  List<CallKindChange> kindChangesFor(String callId) {
    return kindChanges.stream().filter(c -> c.callId().equals(callId)).toList();
  }

  /** A port free for both UDP and TCP on 127.0.0.1 at the moment of asking. */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate;
      try (ServerSocket tcp = new ServerSocket(0, 1, RawSipEndpoint.LOOPBACK)) {
        candidate = tcp.getLocalPort();
      }
      try (DatagramSocket udp =
          new DatagramSocket(new InetSocketAddress(RawSipEndpoint.LOOPBACK, candidate))) {
        return candidate;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      timers.shutdownNow();
    }
  }
}
