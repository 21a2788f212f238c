package jp.callmail.sip.connector.proxy;

import static jp.callmail.sip.connector.proxy.RawSipEndpoint.finalResponse;
import static jp.callmail.sip.connector.proxy.RawSipEndpoint.request;
import static jp.callmail.sip.connector.proxy.RawSipEndpoint.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With every worker thread of the stack busy and new calls queued behind them, the BYE of a call in
 * progress is handled before the queued INVITEs, and the INVITEs that waited too long are answered
 * 503 with Retry-After instead of being forwarded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpBacklogTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** How long the application takes to route each new call: it holds a worker thread as long. */
  private static final Duration SLOW_LOOKUP = Duration.ofSeconds(3);

  private ProxyUnderTest proxy;
  private RawSipEndpoint caller;
  private RawSipEndpoint callee;
  private StackLogCapture log;
  private int workers;

  @BeforeEach
  void start() throws Exception {
    log = new StackLogCapture();
    proxy = ProxyUnderTest.start(null, Duration.ofSeconds(30));
    workers =
        Integer.parseInt(
            ProxyUnderTest.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
    caller = RawSipEndpoint.open("udp", "caller");
    callee = RawSipEndpoint.open("udp", "callee");
  }

  @AfterEach
  void stop() {
    caller.close();
    callee.close();
    proxy.close();
    log.close();
  }

  @Test
  void aByeOvertakesQueuedNewCallsAndNewCallsThatWaitedTooLongAre503() throws Exception {
    // A call in progress: answered and acknowledged.
    String answered = number(0);
    proxy.watch(answered, calleeRoute());
    String callId = UUID.randomUUID() + "@caller.test";
    caller.send(invite(answered, callId), proxy.address());
    SipTestMessage invite = callee.await("INVITE", request("INVITE", callId), WAIT);
    callee.reply(
        invite,
        SipTestMessage.responseTo(invite, 200, "OK", "callee1")
            .header("Contact", "<" + callee.uri("callee") + ">")
            .build());
    SipTestMessage ok = caller.await("200", response(200, "INVITE", callId), WAIT);
    caller.send(inDialog("ACK", 1, ok, callId), proxy.address());
    callee.await("ACK", request("ACK", callId), WAIT);

    // Every worker busy routing a new call (one of them only briefly), twice as many queued behind.
    List<String> newCalls = new ArrayList<>();
    for (int i = 1; i <= 3 * workers; i++) {
      String number = number(i);
      proxy.watch(number, calleeRoute());
      proxy.lookupDelays.put(number, i == 1 ? Duration.ofMillis(200) : SLOW_LOOKUP);
      String newCallId = UUID.randomUUID() + "@caller.test";
      newCalls.add(newCallId);
      caller.send(invite(number, newCallId), proxy.address());
    }
    caller.send(inDialog("BYE", 2, ok, callId), proxy.address());
    long sent = System.nanoTime();

    SipTestMessage bye = callee.await("BYE", request("BYE", callId), WAIT);
    long byeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    assertThat(byeMillis)
        .as(
            "the BYE went to the first free worker (after about 200 ms), not behind the %d queued"
                + " INVITEs (%d ms of routing each)",
            2 * workers, SLOW_LOOKUP.toMillis())
        .isLessThan(SLOW_LOOKUP.toMillis() * 2 / 3);
    callee.reply(bye, SipTestMessage.responseTo(bye, 200, "OK", null).build());
    caller.await("200 for BYE", response(200, "BYE", callId), WAIT);

    // The queued INVITEs waited for a worker for seconds: answered 503, never forwarded.
    await("every new call answered")
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                newCalls.stream()
                    .allMatch(
                        id ->
                            caller.find(m -> m.isResponse() && id.equals(m.callId())).isPresent()));
    List<SipTestMessage> overloaded = new ArrayList<>();
    for (String id : newCalls) {
      caller
          .find(finalResponse("INVITE", id))
          .filter(r -> r.status() == 503)
          .ifPresent(overloaded::add);
    }
    assertThat(overloaded)
        .as("the INVITEs that waited behind the busy workers")
        .hasSizeGreaterThanOrEqualTo(workers);
    for (SipTestMessage r : overloaded) {
      assertThat(r.reason()).isEqualTo("Overloaded");
      assertThat(r.header("Retry-After")).isNotBlank();
      assertThat(callee.count(m -> r.callId().equals(m.callId())))
          .as("a call answered 503 is not forwarded")
          .isZero();
    }
    assertThat(
            callee.received.stream()
                .filter(m -> m.isRequest("INVITE") && newCalls.contains(m.callId()))
                .map(SipTestMessage::callId)
                .distinct()
                .count())
        .as("forwarded: the calls the workers took at once, and the one taken after the BYE")
        .isLessThanOrEqualTo(workers + 1);
  }

  private String calleeRoute() {
    return "sip:127.0.0.1:" + callee.port() + ";transport=udp";
  }

  private static String number(int i) {
    return "0398" + String.format(Locale.ROOT, "%06d", i);
  }

  private SipTestMessage invite(String number, String callId) {
    return SipTestMessage.request("INVITE", "sip:" + number + "@127.0.0.1:" + proxy.port)
        .header("Via", caller.via(ProxyScenarios.branch()))
        .header("Max-Forwards", "70")
        .header("From", "<sip:0612345678@127.0.0.1>;tag=" + ProxyScenarios.tag())
        .header("To", "<sip:" + number + "@127.0.0.1>")
        .header("Call-ID", callId)
        .header("CSeq", "1 INVITE")
        .header("Contact", "<" + caller.uri("caller") + ">")
        .build();
  }

  /** §12.2.1.1: a request in the dialog the 2xx set up, through its Record-Route. */
  private SipTestMessage inDialog(String method, long cseq, SipTestMessage ok, String callId) {
    SipTestMessage.Builder b =
        SipTestMessage.request(method, SipTestMessage.uriOf(ok.header("Contact")))
            .header("Via", caller.via(ProxyScenarios.branch()));
    List<String> routes = new ArrayList<>(ok.headers("Record-Route"));
    Collections.reverse(routes);
    for (String route : routes) {
      b.header("Route", route);
    }
    return b.header("Max-Forwards", "70")
        .header("From", ok.header("From"))
        .header("To", ok.header("To"))
        .header("Call-ID", callId)
        .header("CSeq", cseq + " " + method)
        .build();
  }
}
