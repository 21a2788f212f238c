package jp.callmail.sip.connector.proxy;

import static jp.callmail.sip.connector.proxy.RawSipEndpoint.finalResponse;
import static jp.callmail.sip.connector.proxy.RawSipEndpoint.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.callmail.sip.api.CallCompletedRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trust boundary (SPEC §3): who may use the proxy, where their requests may go, and whose
 * identity is believed. Each source is a different loopback address: 127.0.0.1 is a peer of both
 * roles, 127.0.0.3 a downstream-only peer, 127.0.0.2 a stranger, and 127.0.0.4 a host that is no
 * peer, listening to see whether anything is relayed to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TrustBoundaryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger NUMBERS = new AtomicInteger();
  private static final String PAI = "P-Asserted-Identity";

  private ProxyUnderTest proxy;
  private final List<RawSipEndpoint> endpoints = new ArrayList<>();

  @BeforeAll
  void startProxy() throws Exception {
    proxy = ProxyUnderTest.withPeers(null, "127.0.0.1, 127.0.0.3=downstream");
  }

  @AfterAll
  void stopProxy() {
    proxy.close();
  }

  @AfterEach
  void closeEndpoints() {
    endpoints.forEach(RawSipEndpoint::close);
    endpoints.clear();
  }

  // ------------------------------------------------------------------ strangers

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aStrangersInviteIsRefusedWith403BeforeAnyTransaction(String transport) throws Exception {
    RawSipEndpoint stranger = endpoint(transport, "stranger", "127.0.0.2");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    String number = watchedNumber(callee);
    Invite invite = new Invite(stranger, lineUri(number), "<sip:0312340000@127.0.0.2>");

    stranger.send(invite.build(), proxy.address());

    SipTestMessage refused = stranger.await("403", finalResponse("INVITE", invite.callId), WAIT);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(stranger.count(m -> m.isResponse() && m.status() == 100))
        .as("no 100 Trying: no transaction was made")
        .isZero();
    assertNothingReached(callee, invite.callId);
    assertThat(proxy.recordsFor(invite.callId)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aStrangersOptionsToTheProxyIsRefused(String transport) throws Exception {
    RawSipEndpoint stranger = endpoint(transport, "stranger", "127.0.0.2");
    String callId = UUID.randomUUID() + "@stranger";
    stranger.send(
        SipTestMessage.request("OPTIONS", proxy.uri())
            .header("Via", stranger.via(branch()))
            .header("Max-Forwards", "70")
            .header("From", "<sip:probe@127.0.0.2>;tag=" + tag())
            .header("To", "<" + proxy.uri() + ">")
            .header("Call-ID", callId)
            .header("CSeq", "1 OPTIONS")
            .build(),
        proxy.address());
    assertThat(stranger.await("403", finalResponse("OPTIONS", callId), WAIT).status())
        .isEqualTo(403);
  }

  // ------------------------------------------------------------------ no relaying

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aRequestUriNamingAHostThatIsNoPeerIsNotRelayed(String transport) throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint outsider = endpoint(transport, "outsider", "127.0.0.4");
    Invite invite = new Invite(caller, outsider.uri("99999"), "<sip:0312340000@127.0.0.1>");

    caller.send(invite.build(), proxy.address());

    assertThat(caller.await("403", finalResponse("INVITE", invite.callId), WAIT).status())
        .isEqualTo(403);
    assertNothingReached(outsider, invite.callId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aRouteToAHostThatIsNoPeerIsNotFollowedEvenToAWatchedLine(String transport) throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    RawSipEndpoint outsider = endpoint(transport, "outsider", "127.0.0.4");
    String number = watchedNumber(callee);
    Invite invite = new Invite(caller, lineUri(number), "<sip:0312340000@127.0.0.1>");
    invite.header(
        "Route", "<sip:127.0.0.4:" + outsider.port() + ";transport=" + transport + ";lr>");

    caller.send(invite.build(), proxy.address());

    assertThat(caller.await("403", finalResponse("INVITE", invite.callId), WAIT).status())
        .isEqualTo(403);
    assertNothingReached(outsider, invite.callId);
    assertNothingReached(callee, invite.callId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anUpstreamPeerMayRouteToAnotherPeer(String transport) throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    Invite invite = new Invite(caller, callee.uri("0399000001"), "<sip:0312340000@127.0.0.1>");

    caller.send(invite.build(), proxy.address());

    SipTestMessage forwarded = callee.await("INVITE", request("INVITE", invite.callId), WAIT);
    callee.reply(
        forwarded, SipTestMessage.responseTo(forwarded, 486, "Busy Here", "callee").build());
    assertThat(caller.await("486", finalResponse("INVITE", invite.callId), WAIT).status())
        .isEqualTo(486);
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aDownstreamOnlyPeerMayNotRouteANewRequestToAPeer(String transport) throws Exception {
    RawSipEndpoint office = endpoint(transport, "office", "127.0.0.3");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    Invite invite = new Invite(office, callee.uri("0399000002"), "<sip:0312340000@127.0.0.3>");

    office.send(invite.build(), proxy.address());

    assertThat(office.await("403", finalResponse("INVITE", invite.callId), WAIT).status())
        .isEqualTo(403);
    assertNothingReached(callee, invite.callId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anInDialogRequestThatDidNotComeThroughThisProxysRecordRouteIsNotRelayed(String transport)
      throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint outsider = endpoint(transport, "outsider", "127.0.0.4");
    String callId = UUID.randomUUID() + "@forged";
    SipTestMessage bye =
        SipTestMessage.request("BYE", outsider.uri("victim"))
            .header("Via", caller.via(branch()))
            .header("Max-Forwards", "70")
            // callmail's own entry, but without the mark of a dialog it set up
            .header("Route", "<" + proxy.uri() + ";transport=" + transport + ";lr>")
            .header("From", "<sip:0312340000@127.0.0.1>;tag=" + tag())
            .header("To", "<sip:victim@127.0.0.4>;tag=" + tag())
            .header("Call-ID", callId)
            .header("CSeq", "2 BYE")
            .build();

    caller.send(bye, proxy.address());

    assertThat(caller.await("403", finalResponse("BYE", callId), WAIT).status()).isEqualTo(403);
    assertNothingReached(outsider, callId);
  }

  // ------------------------------------------------------------------ identity (RFC 3325)

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anAssertedIdentityFromAPeerThatIsNotUpstreamIsRemovedAndNotBelieved(String transport)
      throws Exception {
    RawSipEndpoint office = endpoint(transport, "office", "127.0.0.3");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    String number = watchedNumber(callee);
    Invite invite = new Invite(office, lineUri(number), "<sip:0612345678@127.0.0.3>");
    invite.header(PAI, "<sip:0311112222@127.0.0.3;user=phone>");

    office.send(invite.build(), proxy.address());

    SipTestMessage forwarded = callee.await("INVITE", request("INVITE", invite.callId), WAIT);
    assertThat(forwarded.headers(PAI)).as("P-Asserted-Identity removed").isEmpty();
    busy(callee, forwarded);
    CallCompletedRecord record = proxy.awaitRecord(invite.callId, WAIT);
    assertThat(record.callerNumber()).as("From, not the forged assertion").isEqualTo("0612345678");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anAssertedIdentityFromAnUpstreamPeerIsBelievedAndForwarded(String transport)
      throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint callee = endpoint(transport, "callee", "127.0.0.1");
    String number = watchedNumber(callee);
    Invite invite = new Invite(caller, lineUri(number), "<sip:0612345678@127.0.0.1>");
    invite.header(PAI, "<sip:0311112222@127.0.0.1;user=phone>");

    caller.send(invite.build(), proxy.address());

    SipTestMessage forwarded = callee.await("INVITE", request("INVITE", invite.callId), WAIT);
    assertThat(forwarded.headers(PAI)).hasSize(1);
    busy(callee, forwarded);
    assertThat(proxy.awaitRecord(invite.callId, WAIT).callerNumber()).isEqualTo("0311112222");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void withPrivacyIdTheAssertedIdentityDoesNotLeaveThePeers(String transport) throws Exception {
    RawSipEndpoint caller = endpoint(transport, "caller", "127.0.0.1");
    RawSipEndpoint outsider = endpoint(transport, "outsider", "127.0.0.4");
    String number = watchedNumber(outsider); // the line's route, set by the operator, is no peer
    Invite hidden =
        new Invite(caller, lineUri(number), "\"Anonymous\" <sip:anonymous@anonymous.invalid>");
    hidden.header(PAI, "<sip:0311112222@127.0.0.1;user=phone>");
    hidden.header("Privacy", "id");
    Invite shown = new Invite(caller, lineUri(number), "<sip:0311112222@127.0.0.1>");
    shown.header(PAI, "<sip:0311112222@127.0.0.1;user=phone>");

    caller.send(hidden.build(), proxy.address());
    caller.send(shown.build(), proxy.address());

    SipTestMessage withPrivacy = outsider.await("INVITE", request("INVITE", hidden.callId), WAIT);
    SipTestMessage withoutPrivacy = outsider.await("INVITE", request("INVITE", shown.callId), WAIT);
    assertThat(withPrivacy.headers(PAI)).as("Privacy: id toward a non-peer").isEmpty();
    assertThat(withoutPrivacy.headers(PAI)).hasSize(1);
    busy(outsider, withPrivacy);
    busy(outsider, withoutPrivacy);
  }

  // ------------------------------------------------------------------ helpers

  private RawSipEndpoint endpoint(String transport, String name, String address) throws Exception {
    RawSipEndpoint endpoint = RawSipEndpoint.open(transport, name, InetAddress.getByName(address));
    endpoints.add(endpoint);
    return endpoint;
  }

  private String watchedNumber(RawSipEndpoint callee) {
    String number = String.format("03980%05d", NUMBERS.incrementAndGet());
    proxy.watch(
        number, "sip:" + callee.host() + ":" + callee.port() + ";transport=" + callee.transport());
    return number;
  }

  private String lineUri(String number) {
    return "sip:" + number + "@127.0.0.1:" + proxy.port;
  }

  private static void busy(RawSipEndpoint callee, SipTestMessage invite) throws Exception {
    callee.reply(invite, SipTestMessage.responseTo(invite, 486, "Busy Here", "callee").build());
  }

  private static void assertNothingReached(RawSipEndpoint endpoint, String callId) {
    await("nothing reaches " + endpoint.name)
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> endpoint.count(m -> callId.equals(m.callId())) == 0);
  }

  private static String branch() {
    return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** An initial INVITE from one endpoint. */
  private static final class Invite {
    final String callId = UUID.randomUUID() + "@trust.test";
    private final RawSipEndpoint from;
    private final String requestUri;
    private final String fromHeader;
    private final List<String[]> extra = new ArrayList<>();

    Invite(RawSipEndpoint from, String requestUri, String fromHeader) {
      this.from = from;
      this.requestUri = requestUri;
      this.fromHeader = fromHeader;
    }

    void header(String name, String value) {
      extra.add(new String[] {name, value});
    }

    SipTestMessage build() {
      SipTestMessage.Builder b =
          SipTestMessage.request("INVITE", requestUri)
              .header("Via", from.via(branch()))
              .header("Max-Forwards", "70")
              .header("From", fromHeader + ";tag=" + tag())
              .header("To", "<" + requestUri + ">")
              .header("Call-ID", callId)
              .header("CSeq", "1 INVITE")
              .header("Contact", "<" + from.uri("caller") + ">");
      for (String[] h : extra) {
        b.header(h[0], h[1]);
      }
      return b.build();
    }
  }
}
