package jp.callmail.sip.connector.proxy;

import static jp.callmail.sip.connector.proxy.RawSipEndpoint.finalResponse;
import static jp.callmail.sip.connector.proxy.RawSipEndpoint.request;
import static jp.callmail.sip.connector.proxy.RawSipEndpoint.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.LogRecord;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.WithheldReason;
import jp.callmail.sip.connector.stack.KeyedTransactionStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Protocol scenarios through the real proxy (RFC 3261 §16) with a caller and a callee UA that write
 * and read raw SIP over loopback. One proxy serves all tests of a class; every test has its own
 * caller, callee, called number and Call-ID. Subclasses choose the transport of both legs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class ProxyScenarios {

  static final Duration WAIT = Duration.ofSeconds(5);
  private static final String CALLEE_MARK = "X-Test-Origin";
  private static final String SDP =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  /** A fax gateway's T.38 offer or answer: the audio stream declined, the image stream taken. */
  private static final String T38_SDP =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 0 RTP/AVP 0\r\n"
          + "m=image 49172 udptl t38\r\n"
          + "a=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n";

  /** The callee's answer declining T.38: the image stream's port is 0. */
  private static final String T38_DECLINED_SDP =
      "v=0\r\no=- 1 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 49170 RTP/AVP 0\r\n"
          + "m=image 0 udptl t38\r\n";

  /** The proxy of most tests, with a timer C long enough never to fire. */
  ProxyUnderTest proxy;

  /** A second proxy whose timer C fires after a second, for the timer C tests. */
  ProxyUnderTest quickProxy;

  /** A third proxy whose stack may hold one server transaction, for the overload test. */
  ProxyUnderTest smallProxy;

  RawSipEndpoint caller;
  RawSipEndpoint callee;

  /** The stack's and the proxy's log, kept off the console; proxy warnings fail the test. */
  private StackLogCapture log;

  private int warningsMark;

  /** {@code udp} or {@code tcp}: the transport of the caller's and the callee's leg. */
  abstract String transport();

  @BeforeAll
  void startProxies() throws Exception {
    log = new StackLogCapture();
    proxy = ProxyUnderTest.start(null, Duration.ofSeconds(30));
    quickProxy = ProxyUnderTest.start(null, Duration.ofSeconds(1));
    smallProxy = ProxyUnderTest.start(null, Duration.ofSeconds(30), 1);
  }

  @AfterAll
  void stopProxies() throws InterruptedException {
    // A stack takes seconds to stop (it sleeps); stop both at once.
    Thread other = new Thread(() -> close(quickProxy), "test-stop-quick-proxy");
    Thread third = new Thread(() -> close(smallProxy), "test-stop-small-proxy");
    other.start();
    third.start();
    close(proxy);
    other.join(TimeUnit.SECONDS.toMillis(30));
    third.join(TimeUnit.SECONDS.toMillis(30));
    if (log != null) {
      log.close();
    }
  }

  private static void close(ProxyUnderTest p) {
    if (p != null) {
      p.close();
    }
  }

  @BeforeEach
  void openEndpoints() throws Exception {
    warningsMark = log.warnings.size();
    caller = RawSipEndpoint.open(transport(), "caller");
    callee = RawSipEndpoint.open(transport(), "callee");
  }

  @AfterEach
  void closeEndpoints() {
    if (caller != null) {
      caller.close();
    }
    if (callee != null) {
      callee.close();
    }
    assertThat(log.proxyWarningsSince(warningsMark))
        .extracting(r -> r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
        .as("warnings the proxy logged during the test")
        .isEmpty();
  }

  // ================================================================== scenarios

  @Test
  void answeredCallWithAckAndByeThroughTheRecordRoute() throws Exception {
    Call call = watchedCall("\"Taro\" <sip:0312340000@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());

    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    assertThat(invite.maxForwards()).as("Max-Forwards decremented by the proxy").isEqualTo(69);
    assertThat(invite.headers("Via")).as("proxy's Via on top of the caller's").hasSize(2);
    assertThat(invite.headers("Via").get(0))
        .startsWith("SIP/2.0/" + callee.viaTransport() + " 127.0.0.1:" + proxy.port)
        .contains("branch=z9hG4bK");
    assertThat(invite.headers("Via").get(1)).contains("branch=" + call.branch);
    assertThat(invite.headers("Record-Route")).as("Record-Route").hasSize(1);
    assertThat(invite.headers("Record-Route").get(0))
        .contains("127.0.0.1:" + proxy.port)
        .contains(";lr")
        .containsIgnoringCase("transport=" + transport());
    assertThat(new String(invite.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(SDP);

    callee.reply(
        invite, calleeResponse(invite, 100, "Trying").header(CALLEE_MARK, "callee").build());
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);
    ringFor(Duration.ofMillis(1100)); // so that the record's ringing time is at least one second
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());

    SipTestMessage ok = caller.await("200 for INVITE", response(200, "INVITE", call.callId), WAIT);
    long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertThat(ok.headers("Via")).as("proxy removed its own Via").hasSize(1);
    assertThat(ok.headers("Record-Route")).hasSize(1);
    assertThat(caller.find(response(100, "INVITE", call.callId)))
        .as("the proxy's own 100 Trying")
        .isPresent();
    assertThat(
            caller.count(m -> m.isResponse() && m.status() == 100 && m.header(CALLEE_MARK) != null))
        .as("100 from the callee is never forwarded (§16.7 step 5)")
        .isZero();

    caller.send(call.ackFor2xx(ok), proxy.address());
    SipTestMessage ack = callee.await("ACK", request("ACK", call.callId), WAIT);
    assertRelayedByProxy(ack);
    assertThat(ack.requestUri()).isEqualTo(callee.uri("callee"));

    caller.send(call.inDialog("BYE", 2, ok), proxy.address());
    SipTestMessage bye = callee.await("BYE", request("BYE", call.callId), WAIT);
    assertRelayedByProxy(bye);
    callee.reply(bye, calleeResponse(bye, 200, "OK").build());
    caller.await("200 for BYE", response(200, "BYE", call.callId), WAIT);

    assertRecord(
        proxy, call, "0312340000", WithheldReason.NONE, CallOutcome.ANSWERED, 1, elapsedSeconds);
    assertThat(proxy.recordsFor(call.callId)).as("one record per call").hasSize(1);
  }

  @Test
  void callerCancelsWhileRinging() throws Exception {
    Call call = watchedCall("\"Hanako\" <sip:0612345678@127.0.0.1>");
    call.extra.add(new String[] {"Privacy", "id"});
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);

    caller.send(call.cancel(), proxy.address());
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    SipTestMessage cancel = callee.await("CANCEL", request("CANCEL", call.callId), WAIT);
    assertThat(cancel.topBranch())
        .as("CANCEL matches the forwarded INVITE")
        .isEqualTo(invite.topBranch());
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());

    SipTestMessage terminated = caller.await("487", response(487, "INVITE", call.callId), WAIT);
    long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    caller.send(call.ackForNon2xx(terminated), proxy.address());
    callee.await("ACK for 487 from the proxy", request("ACK", call.callId), WAIT);

    assertRecord(
        proxy, call, "", WithheldReason.PRIVACY, CallOutcome.NOT_ANSWERED, 0, elapsedSeconds);
  }

  @Test
  void busy() throws Exception {
    Call call = watchedCall("<sip:+81312349999@carrier.example.com;user=phone>");
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 486, "Busy Here").build());

    SipTestMessage busy = caller.await("486", response(486, "INVITE", call.callId), WAIT);
    assertThat(busy.headers("Via")).hasSize(1);
    caller.send(call.ackForNon2xx(busy), proxy.address());
    SipTestMessage ack =
        callee.await("ACK for 486 from the proxy", request("ACK", call.callId), WAIT);
    assertThat(ack.topBranch())
        .as("hop-by-hop ACK on the INVITE's branch")
        .isEqualTo(invite.topBranch());

    assertRecord(
        proxy,
        call,
        "0312349999",
        WithheldReason.NONE,
        CallOutcome.NOT_ANSWERED,
        0,
        secondsSince(start));
  }

  @Test
  void redirect302IsRelayedAndCountsAsForwarded() throws Exception {
    Call call = watchedCall("\"Coin line/payphone\" <sip:0451112222@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(
        invite,
        calleeResponse(invite, 302, "Moved Temporarily")
            .header("Contact", "<sip:0399990000@127.0.0.1:5099>")
            .build());

    SipTestMessage moved = caller.await("302", response(302, "INVITE", call.callId), WAIT);
    assertThat(moved.header("Contact")).contains("sip:0399990000@127.0.0.1:5099");
    caller.send(call.ackForNon2xx(moved), proxy.address());
    callee.await("ACK for 302 from the proxy", request("ACK", call.callId), WAIT);

    assertRecord(
        proxy, call, "", WithheldReason.PAYPHONE, CallOutcome.FORWARDED, 0, secondsSince(start));
  }

  @Test
  void callBeingForwarded181Then200CountsAsForwarded() throws Exception {
    Call call = watchedCall("<sip:09011112222@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 181, "Call Is Being Forwarded").build());
    caller.await("181", response(181, "INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.ackFor2xx(ok), proxy.address());
    assertRelayedByProxy(callee.await("ACK", request("ACK", call.callId), WAIT));

    assertRecord(
        proxy,
        call,
        "09011112222",
        WithheldReason.NONE,
        CallOutcome.FORWARDED,
        0,
        secondsSince(start));
  }

  @Test
  void aNewCallBeyondTheTransactionLimitIsAnswered503WithoutState() throws Exception {
    ProxyUnderTest small = smallProxy;
    Call ringing = watchedCall(small, "<sip:0312345678@127.0.0.1>");
    caller.send(ringing.invite(), small.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", ringing.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", ringing.callId), WAIT);

    Call refused = watchedCall(small, "<sip:0312345679@127.0.0.1>");
    caller.send(refused.invite(), small.address());
    SipTestMessage full = caller.await("503", response(503, "INVITE", refused.callId), WAIT);
    assertThat(full.header("Retry-After")).as("when to try again").isEqualTo("5");
    caller.send(refused.invite(), small.address()); // a retransmission is answered again
    SipTestMessage again = caller.await("503 again", response(503, "INVITE", refused.callId), WAIT);
    caller.send(refused.ackForNon2xx(again), small.address());
    assertThat(log.proxyWarningsSince(warningsMark))
        .extracting(LogRecord::getMessage)
        .singleElement()
        .asString()
        .contains("503 Overloaded"); // once, not per call
    warningsMark = log.warnings.size();

    // The call in progress goes on undisturbed.
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    caller.await("200", response(200, "INVITE", ringing.callId), WAIT);
    assertThat(callee.received)
        .as("the refused call went nowhere, its ACK included")
        .noneMatch(m -> refused.callId.equals(m.callId()));
  }

  @Test
  void timerCCancelsDownstreamAndTheCallerGetsAFinalResponse() throws Exception {
    ProxyUnderTest quick = quickProxy;
    Call call = watchedCall(quick, "\"Jiro\" <sip:0311112222@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), quick.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build()); // and rings forever

    SipTestMessage cancel =
        callee.await("CANCEL from timer C", request("CANCEL", call.callId), WAIT);
    assertThat(cancel.topBranch()).isEqualTo(invite.topBranch());
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());

    SipTestMessage end = caller.await("487 or 408", finalResponse("INVITE", call.callId), WAIT);
    long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertThat(end.status()).isIn(487, 408);
    caller.send(call.ackForNon2xx(end), quick.address());

    // It rang until timer C (one second after the 180) CANCELled it.
    assertRecord(
        quick,
        call,
        "0311112222",
        WithheldReason.NONE,
        CallOutcome.NOT_ANSWERED,
        1,
        elapsedSeconds);
  }

  @Test
  void timerCWithACalleeThatIgnoresCancelStillEndsTheCall() throws Exception {
    ProxyUnderTest quick = quickProxy;
    Call call = watchedCall(quick, "<sip:0311113333@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), quick.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    callee.await("CANCEL from timer C", request("CANCEL", call.callId), WAIT);
    // The callee neither answers the CANCEL nor ends the INVITE.

    SipTestMessage end = caller.await("408 or 487", finalResponse("INVITE", call.callId), WAIT);
    assertThat(end.status()).isIn(487, 408);
    caller.send(call.ackForNon2xx(end), quick.address());
    assertRecord(
        quick,
        call,
        "0311113333",
        WithheldReason.NONE,
        CallOutcome.NOT_ANSWERED,
        1,
        secondsSince(start));
  }

  @Test
  void callerCancelWithACalleeThatIgnoresItStillEnds() throws Exception {
    ProxyUnderTest quick = quickProxy;
    Call call = watchedCall(quick, "<sip:0311114444@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), quick.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 183, "Session Progress").build());
    caller.await("183", response(183, "INVITE", call.callId), WAIT);
    caller.send(call.cancel(), quick.address());
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    callee.await("CANCEL", request("CANCEL", call.callId), WAIT);
    // The callee ignores the CANCEL: the proxy gives up on it (RFC 3261 §9.1) and ends the call.

    SipTestMessage end = caller.await("487", finalResponse("INVITE", call.callId), WAIT);
    assertThat(end.status()).isEqualTo(487);
    caller.send(call.ackForNon2xx(end), quick.address());
    assertRecord(
        quick,
        call,
        "0311114444",
        WithheldReason.NONE,
        CallOutcome.NOT_ANSWERED,
        0,
        secondsSince(start));
  }

  @Test
  void inviteWithoutContactIsProxiedStatelessly() throws Exception {
    // The stack makes no transaction for an INVITE without Contact (legal in RFC 2543, RFC 4475
    // §3.4.1); the proxy forwards it without one and relays the answer.
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    SipTestMessage withContact = call.invite();
    SipTestMessage.Builder b = SipTestMessage.request("INVITE", withContact.requestUri());
    for (String[] h : withContact.headerLines()) {
      if (!h[0].equalsIgnoreCase("Contact") && !h[0].equalsIgnoreCase("Content-Length")) {
        b.header(h[0], h[1]);
      }
    }
    caller.send(b.build(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    assertThat(invite.headers("Via")).hasSize(2);
    assertThat(invite.maxForwards()).isEqualTo(69);
    callee.reply(invite, calleeResponse(invite, 486, "Busy Here").build());
    SipTestMessage busy = caller.await("486", response(486, "INVITE", call.callId), WAIT);
    assertThat(busy.headers("Via")).hasSize(1);
    caller.send(call.ackForNon2xx(busy), proxy.address());
    callee.await("ACK relayed", request("ACK", call.callId), WAIT);
  }

  @Test
  void optionsToTheProxyItselfIsAnsweredWithAllow() throws Exception {
    String callId = UUID.randomUUID() + "@options";
    SipTestMessage options =
        SipTestMessage.request("OPTIONS", proxy.uri())
            .header("Via", caller.via(branch()))
            .header("Max-Forwards", "70")
            .header("From", "<sip:monitor@127.0.0.1>;tag=" + tag())
            .header("To", "<" + proxy.uri() + ">")
            .header("Call-ID", callId)
            .header("CSeq", "1 OPTIONS")
            .header("Accept", "application/sdp")
            .build();
    caller.send(options, proxy.address());
    SipTestMessage ok = caller.await("200 for OPTIONS", response(200, "OPTIONS", callId), WAIT);
    assertThat(String.join(",", ok.headers("Allow")).replace(" ", ""))
        .contains("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS");
    assertThat(ok.toTag()).isNotBlank();
  }

  @Test
  void optionsToTheProxyWithAUserPartThatIsNoNumberIsAnsweredByTheProxy() throws Exception {
    String callId = UUID.randomUUID() + "@options";
    SipTestMessage options =
        SipTestMessage.request("OPTIONS", "sip:ping@127.0.0.1:" + proxy.port)
            .header("Via", caller.via(branch()))
            .header("Max-Forwards", "70")
            .header("From", "<sip:monitor@127.0.0.1>;tag=" + tag())
            .header("To", "<sip:ping@127.0.0.1:" + proxy.port + ">")
            .header("Call-ID", callId)
            .header("CSeq", "1 OPTIONS")
            .build();
    caller.send(options, proxy.address());
    SipTestMessage ok = caller.await("answer to OPTIONS", finalResponse("OPTIONS", callId), WAIT);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(String.join(",", ok.headers("Allow"))).contains("INVITE");
  }

  @Test
  void malformedFromIsAnswered400WithAStatusLineOnOneLine() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        transport().equals("udp"), "over TCP the stack closes the connection");
    String callId = UUID.randomUUID() + "@badfrom";
    SipTestMessage options =
        SipTestMessage.request("OPTIONS", "sip:0312340000@127.0.0.1:" + proxy.port)
            .header("Via", caller.via(branch()))
            .header("Max-Forwards", "70")
            .header("From", "<sip:service@>;tag=" + tag()) // no host: the From does not parse
            .header("To", "<sip:0312340000@127.0.0.1>")
            .header("Call-ID", callId)
            .header("CSeq", "1 OPTIONS")
            .build();
    caller.send(options, proxy.address());
    SipTestMessage bad = caller.await("400", finalResponse("OPTIONS", callId), WAIT);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.startLine())
        .as("RFC 3261 §25.1: no CR or LF in the Reason-Phrase")
        .doesNotContain("\n", "\r");
    assertThat(bad.headerLines()).noneMatch(h -> h[0].isBlank());
    assertNeverForwardedNorRecorded(callId);
  }

  @Test
  void maxForwardsZeroIsAnswered483AndNotForwarded() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    call.maxForwards = 0;
    caller.send(call.invite(), proxy.address());
    SipTestMessage tooMany = caller.await("483", finalResponse("INVITE", call.callId), WAIT);
    assertThat(tooMany.status()).isEqualTo(483);
    caller.send(call.ackForNon2xx(tooMany), proxy.address());
    assertNeverForwardedNorRecorded(call.callId);
  }

  @Test
  void proxyRequireIsAnswered420WithUnsupported() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    call.extra.add(new String[] {"Proxy-Require", "foo, com.example.bar"});
    caller.send(call.invite(), proxy.address());
    SipTestMessage bad = caller.await("420", finalResponse("INVITE", call.callId), WAIT);
    assertThat(bad.status()).isEqualTo(420);
    assertThat(bad.headers("Unsupported")).containsExactlyInAnyOrder("foo", "com.example.bar");
    caller.send(call.ackForNon2xx(bad), proxy.address());
    assertNeverForwardedNorRecorded(call.callId);
  }

  @Test
  void requestRoutedBackToTheProxyUnchangedIsALoop() throws Exception {
    String callId = UUID.randomUUID() + "@loop";
    // The line's route names the proxy by another name: the request is forwarded there, i.e. to
    // itself, with the Request-URI unchanged (RFC 3261 §16.3 step 4).
    proxy.lines.put(
        "0312000099",
        new LineRoute(
            "0312000099", false, "sip:localhost:" + proxy.port + ";transport=" + transport()));
    SipTestMessage options =
        SipTestMessage.request("OPTIONS", "sip:0312000099@127.0.0.1:" + proxy.port)
            .header("Via", caller.via(branch()))
            .header("Max-Forwards", "70")
            .header("From", "<sip:0312340000@127.0.0.1>;tag=" + tag())
            .header("To", "<sip:0312000099@127.0.0.1>")
            .header("Call-ID", callId)
            .header("CSeq", "1 OPTIONS")
            .build();
    caller.send(options, proxy.address());
    SipTestMessage loop = caller.await("482 or 483", finalResponse("OPTIONS", callId), WAIT);
    assertThat(loop.status()).isIn(482, 483);
    assertNeverForwardedNorRecorded(callId);
  }

  @Test
  void twoHundredRetransmissionIsForwardedStatelessly() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    long start = System.nanoTime();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    SipTestMessage ok = calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build();
    callee.reply(invite, ok);
    caller.await("200", response(200, "INVITE", call.callId), WAIT);
    assertRecord(
        proxy,
        call,
        "0312340000",
        WithheldReason.NONE,
        CallOutcome.ANSWERED,
        0,
        secondsSince(start));

    callee.reply(invite, ok); // the callee's UAS core retransmits the 2xx (RFC 3261 §13.3.1.4)
    await("retransmitted 200 reaches the caller")
        .atMost(WAIT)
        .until(() -> caller.count(response(200, "INVITE", call.callId)) >= 2);
    List<SipTestMessage> oks = new ArrayList<>();
    caller.received.stream().filter(response(200, "INVITE", call.callId)).forEach(oks::add);
    assertThat(oks.get(1).toTag()).isEqualTo(oks.get(0).toTag());
    assertThat(oks.get(1).headers("Via")).hasSize(1);

    caller.send(call.ackFor2xx(oks.get(0)), proxy.address());
    assertRelayedByProxy(callee.await("ACK", request("ACK", call.callId), WAIT));
    assertThat(proxy.recordsFor(call.callId)).as("a retransmission is no second call").hasSize(1);
  }

  @Test
  void callToAnUnwatchedNumberIsProxiedButNotRecorded() throws Exception {
    String number = "0399" + String.format(Locale.ROOT, "%06d", NUMBERS.incrementAndGet());
    Call call = new Call(number, "<sip:0312340000@127.0.0.1>", proxy);
    // Pre-loaded route through the proxy; the Request-URI is the callee itself.
    call.requestUri = callee.uri(number);
    call.extra.add(
        new String[] {
          "Route", "<sip:127.0.0.1:" + proxy.port + ";transport=" + transport() + ";lr>"
        });
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    assertThat(invite.headers("Route")).as("proxy removed its own Route").isEmpty();
    assertThat(invite.headers("Record-Route")).hasSize(1);
    callee.reply(invite, calleeResponse(invite, 486, "Busy Here").build());
    SipTestMessage busy = caller.await("486", response(486, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(busy), proxy.address());
    await("no record for an unwatched number")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> proxy.recordsFor(call.callId).isEmpty());
  }

  // ================================================================== dialogs (RFC 3261 §12,
  // §16.12; RFC 3262, 3311, 6086)

  @Test
  void reliableProvisionalsArePrackedThroughTheRecordRouteAndUpdateReachesTheCallee()
      throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    call.extra.add(new String[] {"Supported", "100rel"});
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);

    // RFC 3262 §3: a reliable 183 with SDP; the UAS retransmits it until the PRACK arrives.
    SipTestMessage progress =
        calleeResponse(invite, 183, "Session Progress")
            .header("Require", "100rel")
            .header("RSeq", "4711")
            .body("application/sdp", SDP)
            .build();
    callee.reply(invite, progress);
    SipTestMessage relayed =
        caller.await("reliable 183", response(183, "INVITE", call.callId), WAIT);
    assertThat(relayed.header("RSeq")).isEqualTo("4711");
    assertThat(relayed.header("Require")).isEqualTo("100rel");
    assertThat(relayed.headers("Record-Route")).hasSize(1);
    assertThat(new String(relayed.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(SDP);
    callee.reply(invite, progress);
    await("the retransmitted 183 is relayed too")
        .atMost(WAIT)
        .until(() -> caller.count(response(183, "INVITE", call.callId)) >= 2);

    SipTestMessage.Builder prack =
        call.inDialogBuilder("PRACK", 2, relayed).header("RAck", "4711 1 INVITE");
    caller.send(prack.build(), proxy.address());
    SipTestMessage prackAtCallee = callee.await("PRACK", request("PRACK", call.callId), WAIT);
    assertRelayedByProxy(prackAtCallee);
    assertThat(prackAtCallee.header("RAck")).isEqualTo("4711 1 INVITE");
    assertThat(prackAtCallee.requestUri()).isEqualTo(callee.uri("callee"));
    callee.reply(prackAtCallee, calleeResponse(prackAtCallee, 200, "OK").build());
    caller.await("200 for PRACK", response(200, "PRACK", call.callId), WAIT);

    // RFC 3311: an UPDATE in the early dialog, answered before the INVITE is.
    caller.send(
        call.inDialogBuilder("UPDATE", 3, relayed).body("application/sdp", SDP).build(),
        proxy.address());
    SipTestMessage update = callee.await("UPDATE", request("UPDATE", call.callId), WAIT);
    assertRelayedByProxy(update);
    callee.reply(
        update,
        calleeResponse(update, 200, "OK")
            .header("Contact", "<" + callee.uri("callee") + ">")
            .build());
    caller.await("200 for UPDATE", response(200, "UPDATE", call.callId), WAIT);

    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200 for INVITE", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.ackFor2xx(ok), proxy.address());
    assertRelayedByProxy(callee.await("ACK", request("ACK", call.callId), WAIT));
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  @Test
  void calleeSendsReInviteInfoAndByeBackThroughTheRecordRoute() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    call.contact = "<sip:caller@127.0.0.1:" + caller.port() + ">"; // no transport parameter
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);

    // The callee's re-INVITE goes to the caller's Contact through its route set (the Record-Route).
    callee.send(
        calleeRequest("INVITE", 1, invite).body("application/sdp", SDP).build(), proxy.address());
    SipTestMessage reInvite = caller.await("re-INVITE", request("INVITE", call.callId), WAIT);
    assertRelayedByProxy(reInvite);
    assertThat(reInvite.requestUri()).isEqualTo("sip:caller@127.0.0.1:" + caller.port());
    caller.reply(
        reInvite, callerResponse(reInvite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage reOk =
        callee.await("200 for re-INVITE", response(200, "INVITE", call.callId), WAIT);
    assertThat(reOk.headers("Via")).hasSize(1);
    callee.send(calleeRequest("ACK", 1, invite).build(), proxy.address());
    assertRelayedByProxy(caller.await("ACK for re-INVITE", request("ACK", call.callId), WAIT));

    callee.send(
        calleeRequest("INFO", 2, invite)
            .body("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n")
            .build(),
        proxy.address());
    SipTestMessage info = caller.await("INFO", request("INFO", call.callId), WAIT);
    assertRelayedByProxy(info);
    caller.reply(info, callerResponse(info, 200, "OK").build());
    callee.await("200 for INFO", response(200, "INFO", call.callId), WAIT);

    caller.send(call.inDialog("INFO", 2, ok), proxy.address());
    SipTestMessage callerInfo =
        callee.await("INFO from the caller", request("INFO", call.callId), WAIT);
    callee.reply(callerInfo, calleeResponse(callerInfo, 200, "OK").build());
    caller.await("200 for the caller's INFO", response(200, "INFO", call.callId), WAIT);

    callee.send(calleeRequest("BYE", 3, invite).build(), proxy.address());
    SipTestMessage bye = caller.await("BYE", request("BYE", call.callId), WAIT);
    assertRelayedByProxy(bye);
    caller.reply(bye, callerResponse(bye, 200, "OK").build());
    callee.await("200 for BYE", response(200, "BYE", call.callId), WAIT);
    assertThat(proxy.recordsFor(call.callId))
        .as("in-dialog requests make no further record")
        .hasSize(1);
  }

  @Test
  void everyTwoHundredOfAForkIsRelayedAndEachAckRoutedEndToEnd() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);
    // A forking proxy downstream: two branches answer, with different To tags.
    SipTestMessage first =
        SipTestMessage.responseTo(invite, 200, "OK", "forkA")
            .header("Contact", "<" + callee.uri("a") + ">")
            .body("application/sdp", SDP)
            .build();
    SipTestMessage second =
        SipTestMessage.responseTo(invite, 200, "OK", "forkB")
            .header("Contact", "<" + callee.uri("b") + ">")
            .body("application/sdp", SDP)
            .build();
    callee.reply(invite, first);
    callee.reply(invite, second);
    await("both 2xx reach the caller")
        .atMost(WAIT)
        .until(() -> caller.count(response(200, "INVITE", call.callId)) >= 2);
    List<SipTestMessage> oks = new ArrayList<>();
    caller.received.stream().filter(response(200, "INVITE", call.callId)).forEach(oks::add);
    assertThat(oks).extracting(SipTestMessage::toTag).containsExactlyInAnyOrder("forkA", "forkB");
    for (SipTestMessage ok : oks) {
      assertThat(ok.headers("Via")).hasSize(1);
      caller.send(call.ackFor2xx(ok), proxy.address());
    }
    await("an ACK for each 2xx")
        .atMost(WAIT)
        .until(() -> callee.count(request("ACK", call.callId)) >= 2);
    assertThat(
            callee.received.stream()
                .filter(request("ACK", call.callId))
                .map(SipTestMessage::requestUri))
        .containsExactlyInAnyOrder(callee.uri("a"), callee.uri("b"));
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  @Test
  void provisionalArrivingAfterTheTwoHundredIsNotRelayed() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    // A 180 that comes after the 200 (another fork's, or one overtaken on the way) is stale. It
    // comes late enough that the INVITE's client transaction is gone (RFC 3261 §17.1.1.2).
    ringFor(Duration.ofMillis(1000));
    callee.reply(
        invite,
        SipTestMessage.responseTo(invite, 180, "Ringing", "otherfork")
            .header("Contact", "<" + callee.uri("b") + ">")
            .build());
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);
    await("no 180 after the final response")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> caller.count(response(180, "INVITE", call.callId)) == 0);
  }

  @Test
  void callerOnOneTransportCalleeOnTheOtherIsDoubleRecordRouted() throws Exception {
    String other = transport().equals("udp") ? "tcp" : "udp";
    try (RawSipEndpoint otherCallee = RawSipEndpoint.open(other, "callee-" + other)) {
      String number = "0312" + String.format(Locale.ROOT, "%06d", NUMBERS.incrementAndGet());
      proxy.watch(number, "sip:127.0.0.1:" + otherCallee.port() + ";transport=" + other);
      Call call = new Call(number, "<sip:0312340000@127.0.0.1>", proxy);
      call.contact = "<sip:caller@127.0.0.1:" + caller.port() + ">"; // no transport parameter
      caller.send(call.invite(), proxy.address());
      SipTestMessage invite = otherCallee.await("INVITE", request("INVITE", call.callId), WAIT);
      assertThat(invite.headers("Via").get(0)).startsWith("SIP/2.0/" + otherCallee.viaTransport());
      assertThat(invite.headers("Record-Route")).as("RFC 5658 double Record-Route").hasSize(2);
      assertThat(invite.headers("Record-Route").get(0)).containsIgnoringCase("transport=" + other);
      assertThat(invite.headers("Record-Route").get(1))
          .containsIgnoringCase("transport=" + transport());

      SipTestMessage.Builder ok =
          SipTestMessage.responseTo(invite, 200, "OK", "xcallee")
              .header(
                  "Contact",
                  "<sip:callee@127.0.0.1:" + otherCallee.port() + ">") // no transport parameter
              .body("application/sdp", SDP);
      otherCallee.reply(invite, ok.build());
      SipTestMessage answered = caller.await("200", response(200, "INVITE", call.callId), WAIT);
      assertThat(answered.headers("Record-Route")).hasSize(2);

      caller.send(call.ackFor2xx(answered), proxy.address());
      SipTestMessage ack =
          otherCallee.await("ACK over " + other, request("ACK", call.callId), WAIT);
      assertThat(ack.headers("Route")).isEmpty();
      assertThat(ack.headers("Via").get(0)).startsWith("SIP/2.0/" + otherCallee.viaTransport());

      // The callee's BYE comes back over its transport and leaves over the caller's.
      SipTestMessage.Builder bye =
          SipTestMessage.request("BYE", "sip:caller@127.0.0.1:" + caller.port())
              .header("Via", otherCallee.via(branch()));
      for (String rr : invite.headers("Record-Route")) {
        bye.header("Route", rr);
      }
      bye.header("Max-Forwards", "70")
          .header("From", invite.header("To") + ";tag=xcallee")
          .header("To", invite.header("From"))
          .header("Call-ID", call.callId)
          .header("CSeq", "1 BYE");
      otherCallee.send(bye.build(), proxy.address());
      SipTestMessage byeAtCaller =
          caller.await("BYE over " + transport(), request("BYE", call.callId), WAIT);
      assertThat(byeAtCaller.headers("Route")).isEmpty();
      assertThat(byeAtCaller.headers("Via").get(0)).startsWith("SIP/2.0/" + caller.viaTransport());
      caller.reply(byeAtCaller, SipTestMessage.responseTo(byeAtCaller, 200, "OK", null).build());
      otherCallee.await("200 for BYE", response(200, "BYE", call.callId), WAIT);
    }
  }

  // ================================================================== CANCEL races (RFC 3261 §9,
  // §16.10)

  @Test
  void cancelAfterOnlyA100TryingIsSentDownstream() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 100, "Trying").build());
    ringFor(Duration.ofMillis(200));
    caller.send(call.cancel(), proxy.address());
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    SipTestMessage cancel =
        callee.await(
            "CANCEL after a 100 (a provisional, §9.1)", request("CANCEL", call.callId), WAIT);
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());
    SipTestMessage end = caller.await("487", response(487, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
  }

  @Test
  void cancelBeforeAnyResponseWaitsForTheFirstProvisional() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    caller.send(call.cancel(), proxy.address());
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    await("no CANCEL before a provisional (§9.1)")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> callee.count(request("CANCEL", call.callId)) == 0);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    SipTestMessage cancel = callee.await("CANCEL", request("CANCEL", call.callId), WAIT);
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());
    SipTestMessage end = caller.await("487", response(487, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  @Test
  void cancelAfterTheTwoHundredDoesNotReachTheCallee() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.cancel(), proxy.address());
    SipTestMessage answer =
        caller.await("answer to the late CANCEL", finalResponse("CANCEL", call.callId), WAIT);
    assertThat(answer.status()).isIn(200, 481);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);
    assertThat(callee.count(request("CANCEL", call.callId))).isZero();
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void cancelWhileTheLineLookupIsSlowStillCancelsTheCall() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    proxy.lookupDelays.put(
        call.number, Duration.ofMillis(500)); // the application's database is slow
    caller.send(call.invite(), proxy.address());
    caller.await("100 before the lookup ends", response(100, "INVITE", call.callId), WAIT);
    caller.send(call.cancel(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    SipTestMessage cancel = callee.await("CANCEL", request("CANCEL", call.callId), WAIT);
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());
    SipTestMessage end = caller.await("487", response(487, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
  }

  @Test
  void cancelForAnUnknownTransactionIs481() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    long scans = proxy.transactionScans();
    caller.send(call.cancel(), proxy.address());
    SipTestMessage answer = caller.await("481", finalResponse("CANCEL", call.callId), WAIT);
    assertThat(answer.status()).isEqualTo(481);
    assertNeverForwardedNorRecorded(call.callId);
    assertThat(proxy.transactionScans()).as("looked up by branch, no scan").isEqualTo(scans);
  }

  // ================================================================== lookups by key (RFC 3261
  // §9.2, §17.1.3)

  @Test
  void theStackFindsACancelsInviteByBranchAndSentBy() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    long scans = proxy.transactionScans();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);
    KeyedTransactionStack stack = proxy.stack();

    SIPTransaction found = stack.findCancelTransaction(parsed(call.cancel()), true);
    assertThat(found).as("the INVITE's server transaction").isNotNull();
    assertThat(found.getMethod()).isEqualTo("INVITE");
    assertThat(found.getBranch()).isEqualTo(call.branch);
    assertThat(found.getOriginalRequest().getCallId().getCallId()).isEqualTo(call.callId);
    // §20.42: the cookie's case does not matter
    String upper = text(call.cancel()).replace(call.branch, "Z9HG4BK" + call.branch.substring(7));
    assertThat(stack.findCancelTransaction(parsed(upper), true)).isSameAs(found);
    // §9.2 also needs the top Via's sent-by: another UA reusing the branch cancels nothing
    String otherSentBy =
        text(call.cancel()).replace(":" + caller.port() + ";branch=", ":1;branch=");
    assertThat(stack.findCancelTransaction(parsed(otherSentBy), true)).isNull();
    String otherBranch = text(call.cancel()).replace(call.branch, branch());
    assertThat(stack.findCancelTransaction(parsed(otherBranch), true)).isNull();

    cancelRinging(call, invite);
    assertThat(proxy.transactionScans())
        .as("every message of the call was looked up by branch, none compared with the tables")
        .isEqualTo(scans);
  }

  @Test
  void anRfc2543CancelWithoutMagicCookieIsStillMatchedByTheOldRules() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    call.branch = "rfc2543" + tag(); // RFC 2543 knew no magic cookie (RFC 3261 §17.2.3)
    long scans = proxy.transactionScans();
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);

    assertThat(cancelRinging(call, invite).topBranch()).isEqualTo(invite.topBranch());
    assertThat(proxy.transactionScans())
        .as("the RFC 2543 CANCEL went through the stock comparison with every transaction")
        .isGreaterThan(scans);
  }

  @Test
  void aTwoHundredRetransmittedAfterTheClientTransactionEndedIsRelayedWithoutAScan()
      throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    SipTestMessage ok = calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build();
    callee.reply(invite, ok);
    caller.await("200", response(200, "INVITE", call.callId), WAIT);
    String clientKey = invite.topBranch().toLowerCase(Locale.ROOT);
    await("the INVITE's client transaction ends with the 2xx (RFC 3261 §17.1.1.2)")
        .atMost(Duration.ofSeconds(20))
        .until(() -> proxy.stack().findTransaction(clientKey, false) == null);
    long scans = proxy.transactionScans();

    callee.reply(invite, ok); // a stray response now: no client transaction has its branch
    await("the stray 200 is relayed statelessly (§16.7 step 10)")
        .atMost(WAIT)
        .until(() -> caller.count(response(200, "INVITE", call.callId)) >= 2);
    assertThat(proxy.transactionScans()).as("no transaction looked for in a scan").isEqualTo(scans);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  // ================================================================== timer C and records

  @Test
  void timerCIsResetByEveryProvisional() throws Exception {
    ProxyUnderTest quick = quickProxy; // timer C of one second
    Call call = watchedCall(quick, "<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), quick.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    for (int i = 0; i < 4; i++) {
      callee.reply(invite, calleeResponse(invite, i == 0 ? 180 : 183, "Progress").build());
      ringFor(Duration.ofMillis(600));
    }
    assertThat(callee.count(request("CANCEL", call.callId)))
        .as("no CANCEL while provisionals keep coming")
        .isZero();
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.ackFor2xx(ok), quick.address());
    assertThat(quick.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void unreachableNextHopIsAnswered503AndRecordedAsNotAnswered() throws Exception {
    String number = "0312" + String.format(Locale.ROOT, "%06d", NUMBERS.incrementAndGet());
    int closed = ProxyUnderTest.freePort(); // nobody listens there
    proxy.watch(number, "sip:127.0.0.1:" + closed + ";transport=tcp");
    Call call = new Call(number, "<sip:0312340000@127.0.0.1>", proxy);
    caller.send(call.invite(), proxy.address());
    SipTestMessage end = caller.await("final response", finalResponse("INVITE", call.callId), WAIT);
    assertThat(end.status()).isIn(503, 408);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  @Test
  void finalResponseTheTransactionRefusesStillEndsTheCallerSide() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 180, "Ringing").build());
    caller.await("180", response(180, "INVITE", call.callId), WAIT);
    // A broken callee changes the From tag; the stack will not send that on the caller's
    // transaction.
    SipTestMessage.Builder busy = SipTestMessage.response(486, "Busy Here");
    for (String via : invite.headers("Via")) {
      busy.header("Via", via);
    }
    busy.header("From", "<sip:0312340000@127.0.0.1>;tag=changed")
        .header("To", invite.header("To") + ";tag=busy")
        .header("Call-ID", call.callId)
        .header("CSeq", "1 INVITE");
    callee.reply(invite, busy.build());
    SipTestMessage end = caller.await("486", finalResponse("INVITE", call.callId), WAIT);
    assertThat(end.status()).isEqualTo(486);
    assertThat(end.fromTag()).isEqualTo(call.fromTag);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
    assertThat(proxy.recordsFor(call.callId)).hasSize(1);
  }

  @Test
  void twoHundredWithoutContactStillReachesTheCaller() throws Exception {
    Call call = watchedCall("<sip:0312340000@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(
        invite,
        SipTestMessage.responseTo(invite, 200, "OK", "nocontact")
            .body("application/sdp", SDP)
            .build());
    caller.await("200", response(200, "INVITE", call.callId), WAIT);
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  // ================================================================== fax (T.38), issue 13

  @Test
  void aFaxCallOfferingT38FromTheStartIsRecordedAsFax() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    call.body = T38_SDP;
    SipTestMessage ok = answer(call, T38_SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);
    hangUp(call, ok, 2);

    CallCompletedRecord record = proxy.awaitRecord(call.callId, WAIT);
    assertThat(record.kind()).isEqualTo(CallKind.FAX);
    assertThat(record.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertNoKindChange(call);
  }

  @Test
  void aFaxCallInAMultipartBodyIsRecordedAsFax() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    call.contentType = "multipart/mixed;boundary=\"sip-i\"";
    call.body =
        "--sip-i\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\nISUP\r\n"
            + "--sip-i\r\nContent-Type: application/sdp\r\n\r\n"
            + T38_SDP
            + "\r\n--sip-i--\r\n";
    SipTestMessage ok = answer(call, T38_SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());

    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.FAX);
  }

  @Test
  void aMissedFaxCallIsStillAFaxCall() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    call.body = T38_SDP;
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 486, "Busy Here").build());
    SipTestMessage busy = caller.await("486", response(486, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(busy), proxy.address());

    CallCompletedRecord record = proxy.awaitRecord(call.callId, WAIT);
    assertThat(record.kind()).isEqualTo(CallKind.FAX);
    assertThat(record.outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
  }

  @Test
  void aT38OfferTheCalleeDeclinesIsAVoiceCall() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    call.body = T38_SDP;
    SipTestMessage ok = answer(call, T38_DECLINED_SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());
    hangUp(call, ok, 2);

    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.VOICE);
    assertNoKindChange(call);
  }

  @Test
  void anAudioCallReInvitedToT38IsRecordedAsVoiceAndChangesToFaxOnce() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    SipTestMessage ok = answer(call, SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);
    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.VOICE);

    // The caller's fax machine detects the CED tone and switches the session to T.38.
    SipTestMessage reInvite = reInviteToT38(call, ok, 2, T38_SDP);
    assertRelayedByProxy(reInvite);
    assertThat(new String(reInvite.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(T38_SDP);
    callee.await("ACK for re-INVITE", cseq("ACK", 2, call.callId), WAIT);
    // A retransmission of the 2xx is relayed (statelessly) but not counted again.
    callee.reply(
        reInvite, calleeResponse(reInvite, 200, "OK").body("application/sdp", T38_SDP).build());

    CallKindChange change = awaitKindChange(call);
    assertThat(change.calledNumber()).isEqualTo(call.number);
    assertThat(change.kind()).isEqualTo(CallKind.FAX);
    assertThat(change.changedAt()).isBeforeOrEqualTo(java.time.Instant.now());

    // A second T.38 re-INVITE (e.g. a session refresh) reports nothing more.
    reInviteToT38(call, ok, 3, T38_SDP);
    hangUp(call, ok, 4);

    assertThat(proxy.kindChangesFor(call.callId)).as("exactly one kind change").hasSize(1);
    assertThat(proxy.recordsFor(call.callId))
        .as("one record, voice")
        .extracting(CallCompletedRecord::kind)
        .containsExactly(CallKind.VOICE);
  }

  @Test
  void theCalleesReInviteToT38CountsToo() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(invite, calleeResponse(invite, 200, "OK").body("application/sdp", SDP).build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", call.callId), WAIT);
    caller.send(call.ackFor2xx(ok), proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);

    callee.send(
        calleeRequest("INVITE", 1, invite).body("application/sdp", T38_SDP).build(),
        proxy.address());
    SipTestMessage reInvite = caller.await("re-INVITE", request("INVITE", call.callId), WAIT);
    caller.reply(
        reInvite, callerResponse(reInvite, 200, "OK").body("application/sdp", T38_SDP).build());
    callee.await("200 for re-INVITE", response(200, "INVITE", call.callId), WAIT);
    callee.send(calleeRequest("ACK", 1, invite).build(), proxy.address());

    assertThat(awaitKindChange(call).kind()).isEqualTo(CallKind.FAX);
    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.VOICE);
  }

  @Test
  void aReInviteToT38ThatIsRejectedOrDeclinedLeavesAVoiceCall() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    SipTestMessage ok = answer(call, SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());

    // 488: the callee does not do T.38.
    SipTestMessage sent =
        call.inDialogBuilder("INVITE", 2, ok).body("application/sdp", T38_SDP).build();
    caller.send(sent, proxy.address());
    SipTestMessage first = callee.await("re-INVITE", cseq("INVITE", 2, call.callId), WAIT);
    callee.reply(first, calleeResponse(first, 488, "Not Acceptable Here").build());
    SipTestMessage refused = caller.await("488", responseTo(488, "INVITE", 2, call.callId), WAIT);
    assertThat(refused.status()).isEqualTo(488);
    // §17.1.1.3: the ACK of a non-2xx is part of the re-INVITE's transaction, hop by hop.
    SipTestMessage.Builder ack =
        SipTestMessage.request("ACK", sent.requestUri()).header("Via", sent.header("Via"));
    sent.headers("Route").forEach(route -> ack.header("Route", route));
    caller.send(
        ack.header("Max-Forwards", "70")
            .header("From", sent.header("From"))
            .header("To", refused.header("To"))
            .header("Call-ID", call.callId)
            .header("CSeq", "2 ACK")
            .build(),
        proxy.address());
    callee.await("the proxy's ACK for the 488", cseq("ACK", 2, call.callId), WAIT);

    // 200 with the image stream's port 0: declined.
    reInviteToT38(call, ok, 3, T38_DECLINED_SDP);
    hangUp(call, ok, 4);

    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.VOICE);
    assertNoKindChange(call);
  }

  @Test
  void aLateT38OfferInTheTwoHundredIsDecidedByTheAck() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    call.body = null; // no offer in the INVITE
    SipTestMessage ok = answer(call, T38_SDP); // the 2xx offers T.38
    assertThat(proxy.awaitRecord(call.callId, WAIT).kind()).isEqualTo(CallKind.VOICE);

    caller.send(
        call.inDialogBuilder("ACK", 1, ok).body("application/sdp", T38_SDP).build(),
        proxy.address());
    callee.await("ACK", request("ACK", call.callId), WAIT);

    assertThat(awaitKindChange(call).kind()).isEqualTo(CallKind.FAX);
    hangUp(call, ok, 2);
    assertThat(proxy.kindChangesFor(call.callId)).hasSize(1);
  }

  @Test
  void aReInviteWithoutOfferWhoseTwoHundredOffersT38IsDecidedByItsAck() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    SipTestMessage ok = answer(call, SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());

    caller.send(call.inDialog("INVITE", 2, ok), proxy.address()); // no SDP: asks for an offer
    SipTestMessage reInvite = callee.await("re-INVITE", cseq("INVITE", 2, call.callId), WAIT);
    callee.reply(
        reInvite, calleeResponse(reInvite, 200, "OK").body("application/sdp", T38_SDP).build());
    caller.await("200 offering T.38", responseTo(200, "INVITE", 2, call.callId), WAIT);
    assertNoKindChange(call);
    caller.send(
        call.inDialogBuilder("ACK", 2, ok).body("application/sdp", T38_SDP).build(),
        proxy.address());
    callee.await("ACK with the answer", cseq("ACK", 2, call.callId), WAIT);

    assertThat(awaitKindChange(call).kind()).isEqualTo(CallKind.FAX);
    hangUp(call, ok, 3);
    assertThat(proxy.kindChangesFor(call.callId)).hasSize(1);
  }

  @Test
  void aT38ReInviteAfterTheByeOrToAnUnwatchedNumberReportsNothing() throws Exception {
    Call call = watchedCall("<sip:0612345678@127.0.0.1>");
    SipTestMessage ok = answer(call, SDP);
    caller.send(call.ackFor2xx(ok), proxy.address());
    hangUp(call, ok, 2);
    // A stray re-INVITE after the BYE (the callee answers it all the same).
    reInviteToT38(call, ok, 3, T38_SDP);

    String number = "0399" + String.format(Locale.ROOT, "%06d", NUMBERS.incrementAndGet());
    Call unwatched = new Call(number, "<sip:0612345678@127.0.0.1>", proxy);
    unwatched.requestUri = callee.uri(number);
    unwatched.extra.add(
        new String[] {
          "Route", "<sip:127.0.0.1:" + proxy.port + ";transport=" + transport() + ";lr>"
        });
    SipTestMessage unwatchedOk = answer(unwatched, SDP);
    caller.send(unwatched.ackFor2xx(unwatchedOk), proxy.address());
    reInviteToT38(unwatched, unwatchedOk, 2, T38_SDP);

    assertNoKindChange(call);
    assertNoKindChange(unwatched);
    assertThat(proxy.recordsFor(unwatched.callId)).isEmpty();
  }

  /**
   * The caller re-INVITEs with a T.38 offer through the route set, the callee answers 200 with
   * {@code answerSdp}, the caller ACKs.
   *
   * @return the re-INVITE as the callee received it
   */
  private SipTestMessage reInviteToT38(Call call, SipTestMessage ok, long cseq, String answerSdp)
      throws java.io.IOException {
    caller.send(
        call.inDialogBuilder("INVITE", cseq, ok)
            .header("Contact", "<" + caller.uri("caller") + ">")
            .body("application/sdp", T38_SDP)
            .build(),
        proxy.address());
    SipTestMessage reInvite = callee.await("re-INVITE", cseq("INVITE", cseq, call.callId), WAIT);
    callee.reply(
        reInvite, calleeResponse(reInvite, 200, "OK").body("application/sdp", answerSdp).build());
    caller.await("200 for re-INVITE", responseTo(200, "INVITE", cseq, call.callId), WAIT);
    caller.send(call.inDialog("ACK", cseq, ok), proxy.address());
    return reInvite;
  }

  /** Sends the call's INVITE and has the callee answer 200 with {@code answerSdp}. */
  private SipTestMessage answer(Call call, String answerSdp) throws java.io.IOException {
    caller.send(call.invite(), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", call.callId), WAIT);
    callee.reply(
        invite, calleeResponse(invite, 200, "OK").body("application/sdp", answerSdp).build());
    return caller.await("200 for INVITE", response(200, "INVITE", call.callId), WAIT);
  }

  private void hangUp(Call call, SipTestMessage ok, long cseq) throws java.io.IOException {
    caller.send(call.inDialog("BYE", cseq, ok), proxy.address());
    SipTestMessage bye = callee.await("BYE", request("BYE", call.callId), WAIT);
    callee.reply(bye, calleeResponse(bye, 200, "OK").build());
    caller.await("200 for BYE", response(200, "BYE", call.callId), WAIT);
  }

  private CallKindChange awaitKindChange(Call call) {
    return await("kind change of " + call.callId)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> proxy.kindChangesFor(call.callId), changes -> !changes.isEmpty())
        .get(0);
  }

  private void assertNoKindChange(Call call) {
    await("no kind change of " + call.callId)
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> proxy.kindChangesFor(call.callId).isEmpty());
  }

  private static java.util.function.Predicate<SipTestMessage> cseq(
      String method, long number, String callId) {
    return m -> m.isRequest(method) && callId.equals(m.callId()) && m.cseqNumber() == number;
  }

  private static java.util.function.Predicate<SipTestMessage> responseTo(
      int status, String method, long number, String callId) {
    return m ->
        m.isResponse(status, method) && callId.equals(m.callId()) && m.cseqNumber() == number;
  }

  // ================================================================== helpers

  /**
   * The call's record: who called whom, how it ended, and a ringing time the test could have seen.
   */
  private static void assertRecord(
      ProxyUnderTest target,
      Call call,
      String callerNumber,
      WithheldReason withheld,
      CallOutcome outcome,
      long minRingingSeconds,
      long elapsedSeconds) {
    CallCompletedRecord record = target.awaitRecord(call.callId, WAIT);
    assertThat(record.callId()).isEqualTo(call.callId);
    assertThat(record.calledNumber()).as("called number").isEqualTo(call.number);
    assertThat(record.callerNumber()).as("caller number").isEqualTo(callerNumber);
    assertThat(record.withheldReason()).as("withheld reason").isEqualTo(withheld);
    assertThat(record.outcome()).as("outcome").isEqualTo(outcome);
    assertThat(record.ringingSeconds())
        .as("ringing seconds")
        .isBetween(minRingingSeconds, elapsedSeconds + 1);
    assertThat(record.callTime()).isBeforeOrEqualTo(java.time.Instant.now());
  }

  private static long secondsSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  private void assertRelayedByProxy(SipTestMessage request) {
    assertThat(request.headers("Via")).as("Vias of " + request.startLine()).hasSize(2);
    assertThat(request.headers("Via").get(0)).contains("127.0.0.1:" + proxy.port);
    assertThat(request.headers("Route")).as("proxy took its own Route entry off").isEmpty();
    assertThat(request.maxForwards()).isEqualTo(69);
  }

  private void assertNeverForwardedNorRecorded(String callId) {
    // The proxy answers before it forwards; by the time the caller has the final response a
    // forwarded request would long have been sent. Check over a short window all the same.
    await("nothing reaches the callee")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                callee.count(m -> callId.equals(m.callId())) == 0
                    && proxy.recordsFor(callId).isEmpty());
  }

  private static void ringFor(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(deadline - System.nanoTime());
    }
  }

  /**
   * The caller cancels a ringing call (§9.1, §16.10): the proxy answers the CANCEL, cancels the
   * callee's INVITE, relays its 487 and absorbs the ACK; the call is recorded as not answered.
   *
   * @return the CANCEL the callee received
   */
  private SipTestMessage cancelRinging(Call call, SipTestMessage invite)
      throws java.io.IOException {
    caller.send(call.cancel(), proxy.address());
    caller.await("200 for CANCEL", response(200, "CANCEL", call.callId), WAIT);
    SipTestMessage cancel = callee.await("CANCEL", request("CANCEL", call.callId), WAIT);
    callee.reply(cancel, calleeResponse(cancel, 200, "OK").build());
    callee.reply(invite, calleeResponse(invite, 487, "Request Terminated").build());
    SipTestMessage end = caller.await("487", response(487, "INVITE", call.callId), WAIT);
    caller.send(call.ackForNon2xx(end), proxy.address());
    assertThat(proxy.awaitRecord(call.callId, WAIT).outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
    return cancel;
  }

  /** A message as the stack parses it off the wire. */
  private static SIPRequest parsed(SipTestMessage message) throws java.text.ParseException {
    return parsed(text(message));
  }

  private static String text(SipTestMessage message) {
    return new String(message.encode(), StandardCharsets.UTF_8);
  }

  private static SIPRequest parsed(String text) throws java.text.ParseException {
    return (SIPRequest)
        new StringMsgParser()
            .parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
  }

  static String branch() {
    return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new call to a freshly watched number whose line route is the callee. */
  private Call watchedCall(String from) {
    return watchedCall(proxy, from);
  }

  private Call watchedCall(ProxyUnderTest target, String from) {
    String number = "0312" + String.format(Locale.ROOT, "%06d", NUMBERS.incrementAndGet());
    target.watch(number, "sip:127.0.0.1:" + callee.port() + ";transport=" + transport());
    return new Call(number, from, target);
  }

  /** A response from the callee UA, tagged and with its Contact. */
  private SipTestMessage.Builder calleeResponse(SipTestMessage request, int status, String reason) {
    SipTestMessage.Builder b =
        SipTestMessage.responseTo(request, status, reason, "callee" + request.callId().hashCode());
    if (status > 100 && status < 300 && request.isRequest("INVITE")) {
      b.header("Contact", "<" + callee.uri("callee") + ">");
    }
    return b;
  }

  /** The caller's side of one call: what it needs to build the INVITE and the requests after it. */
  final class Call {
    final String number;
    final String callId = UUID.randomUUID() + "@caller.test";
    final String fromTag = tag();

    /** The INVITE's branch (and its CANCEL's): RFC 3261's magic cookie unless a test sets one. */
    String branch = branch();

    final String from;
    final List<String[]> extra = new ArrayList<>();
    String requestUri;
    String contact;
    int maxForwards = 70;

    /** The INVITE's body and its type; a null body for an INVITE without offer. */
    String body = SDP;

    String contentType = "application/sdp";

    Call(String number, String from, ProxyUnderTest target) {
      this.number = number;
      this.from = from + ";tag=" + fromTag;
      this.requestUri = "sip:" + number + "@127.0.0.1:" + target.port;
    }

    private String to() {
      return "<sip:" + number + "@127.0.0.1>";
    }

    SipTestMessage invite() {
      SipTestMessage.Builder b =
          SipTestMessage.request("INVITE", requestUri)
              .header("Via", caller.via(branch))
              .header("Max-Forwards", Integer.toString(maxForwards))
              .header("From", from)
              .header("To", to())
              .header("Call-ID", callId)
              .header("CSeq", "1 INVITE")
              .header("Contact", contact != null ? contact : "<" + caller.uri("caller") + ">");
      for (String[] h : extra) {
        b.header(h[0], h[1]);
      }
      return body == null ? b.build() : b.body(contentType, body).build();
    }

    /** §9.1: same Request-URI, top Via, Call-ID, From, To and CSeq number as the INVITE. */
    SipTestMessage cancel() {
      SipTestMessage.Builder b =
          SipTestMessage.request("CANCEL", requestUri)
              .header("Via", caller.via(branch))
              .header("Max-Forwards", "70")
              .header("From", from)
              .header("To", to())
              .header("Call-ID", callId)
              .header("CSeq", "1 CANCEL");
      for (String[] h : extra) {
        if (h[0].equalsIgnoreCase("Route")) {
          b.header(h[0], h[1]);
        }
      }
      return b.build();
    }

    /** §17.1.1.3: the ACK for a non-2xx final is part of the INVITE transaction. */
    SipTestMessage ackForNon2xx(SipTestMessage response) {
      SipTestMessage.Builder b =
          SipTestMessage.request("ACK", requestUri)
              .header("Via", caller.via(branch))
              .header("Max-Forwards", "70")
              .header("From", from)
              .header("To", response.header("To"))
              .header("Call-ID", callId)
              .header("CSeq", "1 ACK");
      for (String[] h : extra) {
        if (h[0].equalsIgnoreCase("Route")) {
          b.header(h[0], h[1]);
        }
      }
      return b.build();
    }

    SipTestMessage ackFor2xx(SipTestMessage ok) {
      return inDialog("ACK", 1, ok);
    }

    /** §12.2.1.1: a request in the dialog the 2xx set up, routed by its Record-Route. */
    SipTestMessage inDialog(String method, long cseq, SipTestMessage ok) {
      return inDialogBuilder(method, cseq, ok).build();
    }

    /** Like {@link #inDialog} but open for more headers and a body. */
    SipTestMessage.Builder inDialogBuilder(String method, long cseq, SipTestMessage ok) {
      SipTestMessage.Builder b =
          SipTestMessage.request(method, SipTestMessage.uriOf(ok.header("Contact")))
              .header("Via", caller.via(branch()));
      List<String> recordRoute = new ArrayList<>(ok.headers("Record-Route"));
      java.util.Collections.reverse(recordRoute);
      for (String route : recordRoute) {
        b.header("Route", route);
      }
      return b.header("Max-Forwards", "70")
          .header("From", from)
          .header("To", ok.header("To"))
          .header("Call-ID", callId)
          .header("CSeq", cseq + " " + method);
    }
  }

  /** A response from the caller UA to a request the proxy relayed to it. */
  private SipTestMessage.Builder callerResponse(SipTestMessage request, int status, String reason) {
    SipTestMessage.Builder b = SipTestMessage.responseTo(request, status, reason, null);
    if (status >= 200 && status < 300 && request.isRequest("INVITE")) {
      b.header("Contact", "<" + caller.uri("caller") + ">");
    }
    return b;
  }

  /**
   * A request from the callee in the dialog an INVITE it received set up (§12.2.1.1): to the
   * caller's Contact, through the route set the INVITE's Record-Route gives the UAS (in order).
   */
  private SipTestMessage.Builder calleeRequest(String method, long cseq, SipTestMessage invite) {
    SipTestMessage.Builder b =
        SipTestMessage.request(method, SipTestMessage.uriOf(invite.header("Contact")))
            .header("Via", callee.via(branch()));
    for (String route : invite.headers("Record-Route")) {
      b.header("Route", route);
    }
    return b.header("Max-Forwards", "70")
        .header("From", invite.header("To") + ";tag=callee" + invite.callId().hashCode())
        .header("To", invite.header("From"))
        .header("Call-ID", invite.callId())
        .header("CSeq", cseq + " " + method)
        .header("Contact", "<" + callee.uri("callee") + ">");
  }
}
