package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * RFC 4475 torture messages, sent byte for byte to the proxy: every file of the shared test data's
 * {@code index.tsv} over UDP, and again over TCP when its top Via says TCP or TLS.
 *
 * <p>The proxy's default next hop is a UDP sink of this test that answers every request with 480,
 * so nothing leaves the machine (and surefire's hosts file makes every example.com name fail at
 * once). The proxy answers a request at the Via's port (with received=127.0.0.1): the test sends
 * from a socket bound to that port where it can; where it cannot (5060 is often taken) the answer
 * is read from the stack's own message trace instead, which the test captures. After every message
 * the proxy must still answer an OPTIONS sent to itself from a fresh socket.
 *
 * <p>What each message must get is written down per file in {@link #EXPECTATIONS}, from the RFC's
 * text; where JAIN-SIP handles a message before the proxy sees it, the RFC's acceptable alternative
 * is allowed and said so. The observed handling of every file is printed as a table at the end (and
 * written to {@code target/rfc4475-results.txt}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Rfc4475TortureTest {

  private static final String DATA_PROPERTY = "callmail.rfc4475.dir";
  private static final Duration SETTLE = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(3);

  private enum Kind {
    /** Must be processed (forwarded, or routed and failing only for want of DNS: 503). */
    ACCEPT,
    /** Must be answered with one of the codes and not forwarded. */
    REJECT,
    /** Answered with one of the codes, or silently discarded; never forwarded. */
    REJECT_OR_DROP,
    /**
     * Either processed (liberal) or answered with one of the codes; dropping is fine too if
     * allowed.
     */
    ACCEPT_OR_REJECT,
    /** A response that is not ours: nothing may be sent anywhere. */
    DROP
  }

  /**
   * @param deviation where JAIN-SIP handles the message before the proxy sees it and the RFC's
   *     preferred handling cannot be had from the proxy: what it does instead (null when none)
   */
  private record Expectation(
      Kind kind, Set<Integer> codes, boolean dropAllowed, String note, String deviation) {
    static Expectation of(Kind kind, String note, Integer... codes) {
      return new Expectation(kind, Set.of(codes), kind == Kind.REJECT_OR_DROP, note, null);
    }

    Expectation orDropped() {
      return new Expectation(kind, codes, true, note, deviation);
    }

    /**
     * JAIN-SIP does otherwise and the proxy cannot tell; the acceptable alternative is asserted.
     */
    Expectation jainSip(Kind actually, String what) {
      return new Expectation(actually, codes, true, note, what);
    }
  }

  /**
   * What the RFC asks of a proxy for each message. "Liberal" entries let the proxy either accept
   * (and then forward a clean message) or reject with 400, as RFC 4475 allows.
   */
  private static final Map<String, Expectation> EXPECTATIONS =
      Map.ofEntries(
          // Valid, but its Route names services.example.com, which is no peer: forwarding it would
          // make callmail an open relay (SPEC §3, trust boundary).
          Map.entry("wsinv", Expectation.of(Kind.REJECT, "valid; 403, Route to a non-peer", 403)),
          Map.entry("intmeth", Expectation.of(Kind.ACCEPT, "valid, unknown method forwarded")),
          Map.entry("esc01", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("escnull", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("esc02", Expectation.of(Kind.ACCEPT, "valid, unknown method forwarded")),
          Map.entry("lwsdisp", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("longreq", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry(
              "dblreq", Expectation.of(Kind.ACCEPT, "valid; trailing INVITE never forwarded")),
          Map.entry("semiuri", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("transports", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("mpart01", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("unreason", Expectation.of(Kind.DROP, "stray response")),
          Map.entry("noreason", Expectation.of(Kind.DROP, "stray response")),
          Map.entry("badinv01", Expectation.of(Kind.REJECT_OR_DROP, "400", 400)),
          Map.entry("clerr", Expectation.of(Kind.REJECT_OR_DROP, "UDP: 400", 400)),
          Map.entry("ncl", Expectation.of(Kind.REJECT_OR_DROP, "error response or discard", 400)),
          Map.entry("scalar02", Expectation.of(Kind.REJECT_OR_DROP, "400", 400)),
          Map.entry("scalarlg", Expectation.of(Kind.DROP, "bad response: discard")),
          Map.entry(
              "quotbal", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal", 400).orDropped()),
          Map.entry(
              "ltgtruri", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal", 400).orDropped()),
          Map.entry(
              "lwsruri", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal", 400).orDropped()),
          Map.entry(
              "lwsstart", Expectation.of(Kind.ACCEPT_OR_REJECT, "may reject", 400).orDropped()),
          Map.entry("trws", Expectation.of(Kind.ACCEPT_OR_REJECT, "may reject", 400).orDropped()),
          Map.entry(
              "escruri",
              Expectation.of(Kind.ACCEPT_OR_REJECT, "400; never forward headers", 400).orDropped()),
          Map.entry("baddate", Expectation.of(Kind.ACCEPT_OR_REJECT, "may ignore Date", 400)),
          Map.entry(
              "regbadct", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal", 400).orDropped()),
          Map.entry(
              "badaspec", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal", 400).orDropped()),
          Map.entry(
              "baddn",
              Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or liberal; no end of headers", 400)
                  .orDropped()),
          Map.entry("badvers", Expectation.of(Kind.REJECT, "505", 505)),
          Map.entry("mismatch01", Expectation.of(Kind.REJECT, "400", 400)),
          Map.entry("mismatch02", Expectation.of(Kind.REJECT, "501 (400 ok)", 400, 501)),
          Map.entry("bigcode", Expectation.of(Kind.DROP, "bad response: drop")),
          Map.entry(
              "badbranch", Expectation.of(Kind.ACCEPT_OR_REJECT, "400 or RFC 2543 matching", 400)),
          Map.entry("insuf", Expectation.of(Kind.REJECT_OR_DROP, "400 ideally", 400)),
          Map.entry("unkscm", Expectation.of(Kind.REJECT, "416", 416)),
          Map.entry("novelsc", Expectation.of(Kind.REJECT, "416 (404 ok)", 416, 404)),
          Map.entry("unksm2", Expectation.of(Kind.ACCEPT, "proxy treats normally")),
          Map.entry("bext01", Expectation.of(Kind.REJECT, "420 + Unsupported", 420)),
          Map.entry("invut", Expectation.of(Kind.ACCEPT, "proxy forwards")),
          Map.entry("regaut01", Expectation.of(Kind.ACCEPT, "proxy forwards")),
          Map.entry(
              "multi01",
              Expectation.of(Kind.REJECT_OR_DROP, "400", 400)
                  .jainSip(
                      Kind.ACCEPT_OR_REJECT,
                      "parser keeps the first of each duplicated header; forwarded")),
          Map.entry(
              "mcl01",
              Expectation.of(Kind.REJECT_OR_DROP, "error or discard", 400)
                  .jainSip(
                      Kind.ACCEPT_OR_REJECT,
                      "parser takes the last Content-Length (5); forwarded")),
          Map.entry("bcast", Expectation.of(Kind.DROP, "stray response; never to broadcast")),
          Map.entry("zeromf", Expectation.of(Kind.REJECT, "483", 483)),
          Map.entry("cparam01", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("cparam02", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("regescrt", Expectation.of(Kind.ACCEPT, "valid")),
          Map.entry("sdp01", Expectation.of(Kind.ACCEPT, "proxy forwards")),
          Map.entry("inv2543", Expectation.of(Kind.ACCEPT, "legacy, accept")));

  /** The second message in dblreq's datagram, which must never be acted on. */
  private static final String DBLREQ_TRAILING_CALL_ID = "dblreq.0ha0isnda977644900765@192.0.2.15";

  private Path dataDir;
  private List<TortureFile> files = List.of();
  private StackLogCapture log;
  private RawSipEndpoint sink;
  private final List<ProxyInstance> proxies = new ArrayList<>();
  private final List<Row> table = new CopyOnWriteArrayList<>();
  private final List<String> uncaught = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler previousHandler;

  // ================================================================== lifecycle

  @BeforeAll
  void setUp() throws Exception {
    dataDir = locateData();
    if (dataDir == null) {
      throw new IllegalStateException(
          "RFC 4475 test data not found: set -D"
              + DATA_PROPERTY
              + " or keep src/test/resources/rfc4475 (or shared/testdata/rfc4475 beside the repository)");
    }
    files = readIndex(dataDir);
    log = new StackLogCapture();
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> uncaught.add(thread.getName() + ": " + error));
    sink = new RawSipEndpoint.Udp("sink", 0);
    sink.onReceive = answerEveryRequest(sink);
  }

  @AfterAll
  void tearDown() {
    try {
      if (!table.isEmpty()) {
        String report = formatTable();
        System.out.println(report);
        try {
          Files.writeString(
              Paths.get("target", "rfc4475-results.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
          System.out.println("(could not write target/rfc4475-results.txt: " + e + ")");
        }
      }
    } finally {
      // A stack takes seconds to stop (it sleeps); stop them all at once.
      List<Thread> stopping = new ArrayList<>();
      for (ProxyInstance p : proxies) {
        Thread t = new Thread(p.proxy::close, "test-stop-" + p.proxy.port);
        t.start();
        stopping.add(t);
      }
      for (Thread t : stopping) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (sink != null) {
        sink.close();
      }
      if (log != null) {
        log.close();
      }
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyIndexedMessage() {
    Stream<DynamicTest> perFile =
        files.stream()
            .flatMap(
                f ->
                    f.transports().stream()
                        .map(t -> DynamicTest.dynamicTest(f.name + " over " + t, () -> run(f, t))));
    Stream<DynamicTest> afterwards =
        Stream.of(
            DynamicTest.dynamicTest("every proxy still answers", this::allProxiesAlive),
            DynamicTest.dynamicTest("no stack thread died", this::noThreadDied));
    return Stream.concat(perFile, afterwards);
  }

  // ================================================================== one message

  private void run(TortureFile file, String transport) throws Exception {
    Expectation expected = expectation(file, transport);
    assertThat(expected).as("an expectation is written down for " + file.name).isNotNull();
    ProxyInstance instance = instanceFor(file.transactionKey());
    int warningsMark = log.warnings.size();
    long start = System.nanoTime();

    Row row = new Row(file, transport, instance.proxy.port);
    RawSipEndpoint sender;
    RawSipEndpoint routeSink = null;
    RawSipEndpoint viaListener = null;
    if (transport.equals("udp")) {
      sender = bindUdp("sender-" + file.name, file.viaPort);
      row.viaPortBound = sender.port() == file.viaPort;
      if (file.viaTransport.equals("TCP")) {
        // Came over UDP but the Via asks for TCP: the stack answers on a TCP connection to it.
        viaListener = bindTcp("via-listener-" + file.name, file.viaPort);
      }
      if (file.routePort > 0) {
        routeSink = bindUdp("route-sink-" + file.name, file.routePort);
        if (routeSink.port() == file.routePort) {
          routeSink.onReceive = answerEveryRequest(routeSink);
        } else {
          routeSink.close();
          routeSink = null;
        }
      }
    } else {
      sender = RawSipEndpoint.open("tcp", "sender-" + file.name);
      row.viaPortBound = true; // answers come back on the connection
    }
    List<RawSipEndpoint> receivers = new ArrayList<>(List.of(sender));
    if (viaListener != null) {
      receivers.add(viaListener);
    }
    try {
      sender.sendBytes(file.bytes, instance.proxy.address());
      RawSipEndpoint routeSinkFinal = routeSink;
      try {
        await(file.name + " settles")
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () ->
                    finalSeen(file, receivers, instance)
                        || System.nanoTime() - start > SETTLE.toNanos()
                        || (sender instanceof RawSipEndpoint.Tcp tcp
                            && tcp.anyConnectionClosedByPeer()));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // observed as it is
      }
      observe(row, file, receivers, instance, routeSinkFinal, warningsMark);
      row.alive = answersOptions(instance);
    } finally {
      sender.close();
      if (viaListener != null) {
        viaListener.close();
      }
      if (routeSink != null) {
        routeSink.close();
      }
    }
    table.add(row);
    if (Boolean.getBoolean("callmail.rfc4475.debug")) {
      System.out.println(
          "DEBUG "
              + file.name
              + "/"
              + transport
              + " sender port "
              + sender.port()
              + " via port "
              + file.viaPort
              + " key "
              + file.transactionKey()
              + " proxy "
              + instance.proxy.port
              + " socket "
              + RawSipEndpoint.startLines(sender.received));
    }

    List<String> violations = check(file, transport, expected, row);
    row.verdict =
        violations.isEmpty()
            ? (expected.deviation() == null ? "ok" : "ok (jain-sip: " + expected.deviation() + ")")
            : "FAIL: " + String.join("; ", violations);
    assertThat(row.alive).as("proxy answers OPTIONS after " + file.name).isTrue();
    assertThat(violations).as(file.name + " over " + transport + ": " + row.describe()).isEmpty();
  }

  private static Expectation expectation(TortureFile file, String transport) {
    Expectation e = EXPECTATIONS.get(file.name);
    if (e != null && transport.equals("udp") && file.viaTransport.equals("TLS")) {
      // Sent over UDP, the copy of a TLS message cannot be answered: the answer would have to go
      // over TLS, which the proxy does not listen on. It drops such requests.
      return new Expectation(
          Kind.REJECT_OR_DROP, e.codes(), true, e.note() + "; UDP copy of TLS: unanswerable", null);
    }
    return e;
  }

  private boolean finalSeen(
      TortureFile file, List<RawSipEndpoint> receivers, ProxyInstance instance) {
    return receivers.stream()
            .flatMap(r -> responsesOnSocket(file, r).stream())
            .anyMatch(m -> m.status() >= 200)
        || log.sentBy(instance.proxy.port, file.callId).stream()
            .anyMatch(s -> s.message().isResponse() && s.message().status() >= 200);
  }

  private static List<SipTestMessage> responsesOnSocket(TortureFile file, RawSipEndpoint sender) {
    List<SipTestMessage> found = new ArrayList<>();
    for (SipTestMessage m : sender.received) {
      if (m.isResponse() && sameCall(file.callId, m.callId())) {
        found.add(m);
      }
    }
    return found;
  }

  private static boolean sameCall(String expected, String actual) {
    return expected == null ? actual == null : expected.equals(actual);
  }

  private void observe(
      Row row,
      TortureFile file,
      List<RawSipEndpoint> receivers,
      ProxyInstance instance,
      RawSipEndpoint routeSink,
      int warningsMark) {
    RawSipEndpoint sender = receivers.get(0);
    for (RawSipEndpoint receiver : receivers) {
      row.socketResponses.addAll(responsesOnSocket(file, receiver));
    }
    for (StackLogCapture.Sent s : log.sentBy(instance.proxy.port, file.callId)) {
      if (s.message().isResponse()) {
        row.loggedResponses.add(s);
      }
    }
    for (SipTestMessage m : sink.received) {
      if (file.callId != null && file.callId.equals(m.callId()) && !m.isResponse()) {
        row.forwarded.add(m);
      }
    }
    if (routeSink != null) {
      for (SipTestMessage m : routeSink.received) {
        if (file.callId != null && file.callId.equals(m.callId()) && !m.isResponse()) {
          row.forwarded.add(m);
        }
      }
    }
    // Forwarding attempts that failed (e.g. a name that does not resolve) show in the trace only
    // as the error answer; requests sent elsewhere than a sink would show as sent requests.
    for (StackLogCapture.Sent s : log.sentBy(instance.proxy.port, file.callId)) {
      if (!s.message().isResponse()
          && !s.to().endsWith(":" + sink.port())
          && (routeSink == null || !s.to().endsWith(":" + routeSink.port()))) {
        row.sentElsewhere.add(s.message().method() + "->" + s.to());
      }
    }
    if (sender instanceof RawSipEndpoint.Tcp tcp) {
      row.connectionClosed = tcp.anyConnectionClosedByPeer();
    }
    for (LogRecord r : log.proxyWarningsSince(warningsMark)) {
      String text = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
      if (isTransportFailure(r.getThrown())) {
        row.transportFailures.add(text); // a peer we cannot reach is not the proxy's fault
      } else {
        row.proxyWarnings.add(text);
      }
    }
  }

  private static boolean isTransportFailure(Throwable thrown) {
    return thrown instanceof javax.sip.SipException
        && !(thrown instanceof gov.nist.javax.sip.stack.IllegalTransactionStateException)
        && (thrown.getCause() instanceof IOException
            || String.valueOf(thrown.getMessage()).contains("connect"));
  }

  private List<String> check(TortureFile file, String transport, Expectation expected, Row row) {
    List<String> violations = new ArrayList<>();
    Set<Integer> finals = row.finalStatuses();
    boolean forwarded = !row.forwarded.isEmpty();
    boolean answered = !finals.isEmpty();
    boolean unroutable = finals.equals(Set.of(503)) && !forwarded;
    boolean accepted = forwarded || unroutable;
    boolean rejected = answered && !forwarded && expected.codes().containsAll(finals);

    if (!row.proxyWarnings.isEmpty()) {
      violations.add("proxy logged " + row.proxyWarnings);
    }
    if (finals.contains(500)) {
      violations.add("500: the proxy failed on it");
    }
    if (!row.sentElsewhere.isEmpty()) {
      violations.add("request sent to " + row.sentElsewhere);
    }
    switch (expected.kind()) {
      case ACCEPT -> {
        if (!accepted) {
          violations.add("expected it processed (forwarded), got " + row.statusesText());
        }
      }
      case REJECT -> {
        if (!rejected && !(expected.dropAllowed() && !answered && !forwarded)) {
          violations.add(
              "expected "
                  + expected.codes()
                  + ", got "
                  + row.statusesText()
                  + (forwarded ? " and forwarded" : ""));
        }
      }
      case REJECT_OR_DROP -> {
        if (forwarded || (answered && !expected.codes().containsAll(finals))) {
          violations.add(
              "expected "
                  + expected.codes()
                  + " or nothing, got "
                  + row.statusesText()
                  + (forwarded ? " and forwarded" : ""));
        }
      }
      case ACCEPT_OR_REJECT -> {
        boolean dropped = !answered && !forwarded;
        if (!accepted && !rejected && !(expected.dropAllowed() && dropped)) {
          violations.add(
              "expected forwarded or " + expected.codes() + ", got " + row.statusesText());
        }
      }
      case DROP -> {
        if (answered
            || !row.socketResponses.isEmpty()
            || !row.loggedResponses.isEmpty()
            || forwarded) {
          violations.add(
              "expected silence, got " + row.statusesText() + (forwarded ? " and forwarded" : ""));
        }
      }
    }
    for (SipTestMessage f : row.forwarded) {
      violations.addAll(forwardedProblems(file, f));
    }
    if (file.name.equals("dblreq")
        && sink.received.stream().anyMatch(m -> DBLREQ_TRAILING_CALL_ID.equals(m.callId()))) {
      violations.add("the INVITE trailing the REGISTER in the datagram was forwarded");
    }
    if (file.name.equals("bcast")
        && log.sent.stream().anyMatch(s -> s.to().startsWith("255.255.255.255"))) {
      violations.add("sent to the broadcast address");
    }
    if (file.name.equals("bext01")) {
      for (SipTestMessage r : row.allResponses()) {
        if (r.status() == 420) {
          assertThat(String.join(",", r.headers("Unsupported")).replace(" ", ""))
              .as("bext01 420 lists the Proxy-Require option tags")
              .contains("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
        }
      }
    }
    return violations;
  }

  /** A forwarded request must be well-formed whatever the original looked like. */
  private static List<String> forwardedProblems(TortureFile file, SipTestMessage forwarded) {
    List<String> problems = new ArrayList<>();
    String line = forwarded.startLine();
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[2].equals("SIP/2.0")) {
      problems.add("forwarded request line is malformed: '" + line + "'");
    } else {
      String uri = parts[1];
      if (uri.contains("<") || uri.contains(">")) {
        problems.add("forwarded Request-URI keeps <>: " + uri);
      }
      // '?' may appear in a user part; headers start at a '?' after the host.
      if (uri.substring(uri.lastIndexOf('@') + 1).contains("?")) {
        problems.add("forwarded Request-URI keeps escaped headers: " + uri);
      }
    }
    int original = file.maxForwards();
    if (original > 0 && forwarded.maxForwards() != original - 1) {
      problems.add("Max-Forwards " + original + " forwarded as " + forwarded.maxForwards());
    }
    return problems;
  }

  // ================================================================== the proxy side

  private ProxyInstance instanceFor(String transactionKey) throws Exception {
    // Several RFC 4475 messages share a branch and sent-by (they were written as independent
    // tests): sent to one proxy within Timer J they would be retransmissions of one another.
    for (ProxyInstance p : proxies) {
      if (p.keys.add(transactionKey)) {
        return p;
      }
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ProxyUnderTest proxy =
        ProxyUnderTest.start(
            "sip:127.0.0.1:" + sink.port() + ";transport=udp", Duration.ofSeconds(5));
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(t -> t.getName().startsWith("test-"));
    ProxyInstance instance = new ProxyInstance(proxy, started);
    instance.keys.add(transactionKey);
    proxies.add(instance);
    assertThat(answersOptions(instance)).as("fresh proxy answers OPTIONS").isTrue();
    return instance;
  }

  /** Liveness: OPTIONS to the proxy itself from a fresh socket gets 200. */
  private static boolean answersOptions(ProxyInstance instance) throws IOException {
    try (RawSipEndpoint probe = new RawSipEndpoint.Udp("probe", 0)) {
      String callId = UUID.randomUUID() + "@probe";
      probe.send(
          SipTestMessage.request("OPTIONS", instance.proxy.uri())
              .header("Via", probe.via(ProxyScenarios.branch()))
              .header("Max-Forwards", "70")
              .header("From", "<sip:probe@127.0.0.1>;tag=" + ProxyScenarios.tag())
              .header("To", "<" + instance.proxy.uri() + ">")
              .header("Call-ID", callId)
              .header("CSeq", "1 OPTIONS")
              .build(),
          instance.proxy.address());
      try {
        probe.await("200 for OPTIONS", RawSipEndpoint.response(200, "OPTIONS", callId), WAIT);
        return true;
      } catch (AssertionError noAnswer) {
        return false;
      }
    }
  }

  private void allProxiesAlive() throws IOException {
    for (ProxyInstance p : proxies) {
      assertThat(answersOptions(p)).as("proxy on " + p.proxy.port + " answers OPTIONS").isTrue();
    }
  }

  private void noThreadDied() {
    List<String> dead = new ArrayList<>();
    for (ProxyInstance p : proxies) {
      for (Thread t : p.stackThreads) {
        if (!t.isAlive()) {
          dead.add(t.getName());
        }
      }
    }
    assertThat(dead).as("stack threads that ended while their proxy ran").isEmpty();
    assertThat(uncaught).as("uncaught exceptions in any thread").isEmpty();
  }

  /** A sink answers every request but ACK with 480, so forwarded transactions end at once. */
  private static java.util.function.Consumer<SipTestMessage> answerEveryRequest(
      RawSipEndpoint endpoint) {
    return m -> {
      if (m.isResponse() || m.isRequest("ACK") || m.callId() == null || m.header("CSeq") == null) {
        return;
      }
      try {
        endpoint.reply(m, SipTestMessage.responseTo(m, 480, "Test Sink", "sink").build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static RawSipEndpoint bindTcp(String name, int port) {
    try {
      return new RawSipEndpoint.Tcp(name, port);
    } catch (IOException taken) {
      return null;
    }
  }

  private static RawSipEndpoint bindUdp(String name, int port) throws IOException {
    try {
      return new RawSipEndpoint.Udp(name, port);
    } catch (BindException taken) {
      return new RawSipEndpoint.Udp(name, 0);
    }
  }

  private static final class ProxyInstance {
    final ProxyUnderTest proxy;
    final Set<Thread> stackThreads;
    final Set<String> keys = new HashSet<>();

    ProxyInstance(ProxyUnderTest proxy, Set<Thread> stackThreads) {
      this.proxy = proxy;
      this.stackThreads = stackThreads;
    }
  }

  // ================================================================== the data

  private static Path locateData() {
    String configured = System.getProperty(DATA_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Paths.get(configured);
      return Files.isRegularFile(p.resolve("index.tsv")) ? p : null;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("testdata").resolve("rfc4475");
      if (Files.isRegularFile(candidate.resolve("index.tsv"))) {
        return candidate;
      }
    }
    // The module keeps its own byte-exact copy, so the corpus runs wherever the repository goes.
    Path bundled = Paths.get("src", "test", "resources", "rfc4475").toAbsolutePath();
    return Files.isRegularFile(bundled.resolve("index.tsv")) ? bundled : null;
  }

  private static List<TortureFile> readIndex(Path dir) throws IOException {
    List<TortureFile> result = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("index.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t");
      byte[] bytes = Files.readAllBytes(dir.resolve(c[1]));
      assertThat(bytes.length)
          .as(c[1] + " size as indexed")
          .isEqualTo(Integer.parseInt(c[7].trim()));
      result.add(new TortureFile(c[0], c[2], c[4], c[6], bytes));
    }
    assertThat(result).as("index.tsv lists the 49 tests").hasSize(49);
    return result;
  }

  /** One indexed message and what the test needs to know of its (possibly malformed) headers. */
  static final class TortureFile {
    private static final Pattern VIA = Pattern.compile("(?im)^(?:via|v)[ \\t]*:(.*)$");
    private static final Pattern CALL_ID =
        Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");
    private static final Pattern MAX_FORWARDS =
        Pattern.compile("(?im)^max-forwards[ \\t]*:[ \\t]*(\\d+)[ \\t]*$");
    private static final Pattern LOOPBACK_ROUTE =
        Pattern.compile("(?im)^route[ \\t]*:.*<sip:127\\.0\\.0\\.1:(\\d+)");

    final String name;
    final String section;
    final String rfcClass;
    final String rfcHandling;
    final byte[] bytes;
    final String text;
    final String viaTransport;
    final String sentBy;
    final int viaPort;
    final String branch;
    final String callId;
    final int routePort;

    TortureFile(String name, String section, String rfcClass, String rfcHandling, byte[] bytes) {
      this.name = name;
      this.section = section;
      this.rfcClass = rfcClass;
      this.rfcHandling = rfcHandling;
      this.bytes = bytes;
      this.text = new String(bytes, StandardCharsets.ISO_8859_1);
      String via = unfoldedTopVia(text);
      String normalised = via.replaceAll("\\s*/\\s*", "/").trim();
      Matcher m =
          Pattern.compile("^SIP/[^/]+/(\\S+)\\s+([^;,\\s]+(?:\\s*:\\s*\\d+)?)").matcher(normalised);
      if (m.find()) {
        viaTransport = m.group(1).toUpperCase(Locale.ROOT);
        sentBy = m.group(2).replaceAll("\\s", "").toLowerCase(Locale.ROOT);
      } else {
        viaTransport = "UDP";
        sentBy = "";
      }
      int colon = sentBy.lastIndexOf(':');
      int port = 5060;
      if (colon > 0 && !sentBy.startsWith("[")) {
        try {
          port = Integer.parseInt(sentBy.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = 5060;
        }
      }
      viaPort = port;
      Matcher b = Pattern.compile("(?i);\\s*branch\\s*=\\s*([^;,\\s]+)").matcher(via);
      branch = b.find() ? b.group(1).toLowerCase(Locale.ROOT) : null;
      Matcher c = CALL_ID.matcher(text);
      callId = c.find() ? c.group(1) : null;
      Matcher r = LOOPBACK_ROUTE.matcher(text);
      routePort = r.find() ? Integer.parseInt(r.group(1)) : -1;
    }

    private static String unfoldedTopVia(String text) {
      String head = text.split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
      Matcher m = VIA.matcher(head);
      return m.find() ? m.group(1) : "";
    }

    /**
     * How the stack files it among server transactions. JAIN-SIP keys its table on the branch alone
     * (RFC 3261 §17.2.3 also compares sent-by and method), so two messages with the same branch are
     * one transaction to it, whoever sent them; RFC 2543 messages have no usable branch.
     */
    String transactionKey() {
      return branch == null || !branch.startsWith("z9hg4bk") ? name : branch;
    }

    List<String> transports() {
      boolean stream = viaTransport.startsWith("TCP") || viaTransport.startsWith("TLS");
      return stream ? List.of("udp", "tcp") : List.of("udp");
    }

    int maxForwards() {
      Matcher m = MAX_FORWARDS.matcher(text.split("\r\n\r\n", 2)[0]);
      int found = -1;
      int count = 0;
      while (m.find()) {
        found = Integer.parseInt(m.group(1));
        count++;
      }
      return count == 1 ? found : -1;
    }
  }

  // ================================================================== the report

  private static final class Row {
    final TortureFile file;
    final String transport;
    final int proxyPort;
    boolean viaPortBound;
    boolean alive;
    boolean connectionClosed;
    final List<SipTestMessage> socketResponses = new ArrayList<>();
    final List<StackLogCapture.Sent> loggedResponses = new ArrayList<>();
    final List<SipTestMessage> forwarded = new ArrayList<>();
    final List<String> sentElsewhere = new ArrayList<>();
    final List<String> proxyWarnings = new ArrayList<>();
    final List<String> transportFailures = new ArrayList<>();
    String verdict = "?";

    Row(TortureFile file, String transport, int proxyPort) {
      this.file = file;
      this.transport = transport;
      this.proxyPort = proxyPort;
    }

    List<SipTestMessage> allResponses() {
      List<SipTestMessage> all = new ArrayList<>(socketResponses);
      loggedResponses.forEach(s -> all.add(s.message()));
      return all;
    }

    Set<Integer> finalStatuses() {
      Set<Integer> finals = new LinkedHashSet<>();
      for (SipTestMessage m : allResponses()) {
        if (m.status() >= 200) {
          finals.add(m.status());
        }
      }
      return finals;
    }

    String statusesText() {
      Set<Integer> socket = new LinkedHashSet<>();
      socketResponses.forEach(m -> socket.add(m.status()));
      Set<Integer> logged = new LinkedHashSet<>();
      Set<String> destinations = new LinkedHashSet<>();
      for (StackLogCapture.Sent s : loggedResponses) {
        logged.add(s.message().status());
        destinations.add(s.to());
      }
      Set<Integer> all = new LinkedHashSet<>(logged);
      all.addAll(socket);
      if (all.isEmpty()) {
        return "no response";
      }
      StringBuilder out =
          new StringBuilder(all.stream().map(String::valueOf).collect(Collectors.joining(",")));
      Set<Integer> onlyLogged = new LinkedHashSet<>(logged);
      onlyLogged.removeAll(socket);
      if (!onlyLogged.isEmpty()) {
        out.append(" (seen in trace only, sent to ")
            .append(String.join(" ", destinations))
            .append(')');
      }
      return out.toString();
    }

    String forwardedText() {
      if (forwarded.isEmpty()) {
        return "-";
      }
      SipTestMessage f = forwarded.get(0);
      String line = f.startLine();
      return (line.length() > 60 ? line.substring(0, 57) + "..." : line);
    }

    String describe() {
      return statusesText()
          + ", forwarded: "
          + forwardedText()
          + (connectionClosed ? ", connection closed" : "");
    }
  }

  private String formatTable() {
    StringBuilder out = new StringBuilder();
    out.append("\nRFC 4475 torture results (proxy ports ")
        .append(
            proxies.stream()
                .map(p -> String.valueOf(p.proxy.port))
                .collect(Collectors.joining(",")))
        .append(", sink ")
        .append(sink.port())
        .append(")\n");
    String format = "%-11s %-4s %-16s %-26s %-38s %-45s %-5s %s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "file",
            "tp",
            "class",
            "RFC expects",
            "response to sender",
            "forwarded to sink",
            "alive",
            "verdict"));
    for (Row r : table) {
      Expectation e = expectation(r.file, r.transport);
      String responses =
          r.statusesText()
              + (r.connectionClosed ? " +closed" : "")
              + (r.transportFailures.isEmpty() ? "" : " [could not reach sender]")
              + (r.transport.equals("udp") && !r.viaPortBound
                  ? " [via port " + r.file.viaPort + " busy]"
                  : "");
      out.append(
          String.format(
              Locale.ROOT,
              format,
              r.file.name,
              r.transport,
              r.file.rfcClass,
              e == null ? "?" : e.note(),
              responses,
              r.forwardedText(),
              r.alive ? "yes" : "NO",
              r.verdict));
    }
    out.append("stack threads per proxy at start: ");
    for (ProxyInstance p : proxies) {
      out.append(p.proxy.port).append('=').append(p.stackThreads.size()).append(' ');
    }
    if (Boolean.getBoolean("callmail.rfc4475.debug")) {
      for (LogRecord r : log.warnings) {
        out.append("  LOG ")
            .append(r.getLevel())
            .append(' ')
            .append(r.getLoggerName())
            .append(": ")
            .append(String.valueOf(r.getMessage()).replace("\n", " | "))
            .append(r.getThrown() == null ? "" : " " + r.getThrown())
            .append('\n');
      }
      for (StackLogCapture.Sent s : log.sent) {
        out.append("  SENT ")
            .append(s.from())
            .append(" -> ")
            .append(s.to())
            .append(' ')
            .append(s.message().startLine())
            .append(" [")
            .append(s.message().callId())
            .append("]\n");
      }
    }
    out.append("\nstack warnings/errors logged: ")
        .append(log.warnings.size())
        .append(", uncaught exceptions: ")
        .append(uncaught.size())
        .append('\n');
    return out.toString();
  }
}
