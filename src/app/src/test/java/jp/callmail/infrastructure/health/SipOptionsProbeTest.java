package jp.callmail.infrastructure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipOptionsProbeTest {

  private DatagramSocket responder;
  private final List<String> received = new ArrayList<>();

  /** A tiny UDP peer that answers each request with what {@code answers} makes of it. */
  private int respond(Function<String, List<String>> answers) throws IOException {
    responder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[65_535];
                while (!responder.isClosed()) {
                  DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                  responder.receive(packet);
                  String request =
                      new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                  synchronized (received) {
                    received.add(request);
                  }
                  for (String answer : answers.apply(request)) {
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    responder.send(
                        new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                  }
                }
              } catch (IOException e) {
                // closed by the test
              }
            },
            "sip-responder");
    thread.setDaemon(true);
    thread.start();
    return responder.getLocalPort();
  }

  @AfterEach
  void close() {
    if (responder != null) {
      responder.close();
    }
  }

  private static String header(String request, String name) {
    for (String line : request.split("\r\n")) {
      if (line.startsWith(name + ":")) {
        return line;
      }
    }
    throw new AssertionError("no " + name + " in " + request);
  }

  /** A response as a proxy makes it: the request's Via, From, To (with a tag), Call-ID and CSeq. */
  private static String response(String request, String statusLine) {
    return statusLine
        + "\r\n"
        + header(request, "Via")
        + "\r\n"
        + header(request, "From")
        + "\r\n"
        + header(request, "To")
        + ";tag=p1\r\n"
        + header(request, "Call-ID")
        + "\r\n"
        + header(request, "CSeq")
        + "\r\nServer: callmail-proxy\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nContent-Length: 0\r\n\r\n";
  }

  @Test
  void theRequestIsAnOptionsToTheProxyItselfWithNoUserPart() throws IOException {
    int port = respond(r -> List.of(response(r, "SIP/2.0 200 OK")));
    SipOptionsProbe.ask("127.0.0.1", port, Duration.ofSeconds(1));
    String request = received.get(0);
    assertThat(request).startsWith("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n");
    assertThat(request)
        .contains(
            "Via: SIP/2.0/UDP 127.0.0.1:",
            ";branch=z9hG4bK",
            ";rport",
            "CSeq: 1 OPTIONS\r\n",
            "Max-Forwards: 70\r\n",
            "Content-Length: 0\r\n");
    assertThat(request).endsWith("\r\n\r\n");
  }

  @Test
  void a200IsTheAnswerWithStatusServerAndLatency() throws IOException {
    int port = respond(r -> List.of(response(r, "SIP/2.0 200 OK")));
    SipOptionsProbe.Reply reply = SipOptionsProbe.ask("127.0.0.1", port, Duration.ofSeconds(1));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.statusLine()).isEqualTo("SIP/2.0 200 OK");
    assertThat(reply.server()).isEqualTo("callmail-proxy");
    assertThat(reply.latencyMillis()).isBetween(0L, 1000L);
  }

  @Test
  void provisionalResponsesAndStrangersAreSkipped() throws IOException {
    int port =
        respond(
            r ->
                List.of(
                    response(r, "SIP/2.0 100 Trying"),
                    response(r, "SIP/2.0 200 OK")
                        .replaceFirst("Call-ID: [^\r]+", "Call-ID: someone-else"),
                    response(r, "SIP/2.0 405 Method Not Allowed")));
    assertThat(SipOptionsProbe.ask("127.0.0.1", port, Duration.ofSeconds(1)).status())
        .isEqualTo(405);
  }

  @Test
  void silenceIsATimeoutAfterTheGivenTime() throws IOException {
    int port = respond(r -> List.of());
    long started = System.nanoTime();
    assertThatThrownBy(() -> SipOptionsProbe.ask("127.0.0.1", port, Duration.ofMillis(300)))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 3000L);
  }

  @Test
  void parsingKnowsCompactCallIdAndIgnoresRequests() {
    String ok = "SIP/2.0 200 OK\r\ni: abc\r\nCSeq: 1 OPTIONS\r\nUser-Agent: ua\r\n\r\n";
    assertThat(SipOptionsProbe.parse(ok, "abc", 5))
        .isEqualTo(new SipOptionsProbe.Reply(200, "SIP/2.0 200 OK", "ua", 5));
    assertThat(SipOptionsProbe.parse("OPTIONS sip:x SIP/2.0\r\nCall-ID: abc\r\n\r\n", "abc", 5))
        .isNull();
    assertThat(
            SipOptionsProbe.parse(
                "SIP/2.0 200 OK\r\nCall-ID: abc\r\nCSeq: 1 INVITE\r\n\r\n", "abc", 5))
        .isNull();
    assertThat(SipOptionsProbe.parse("SIP/2.0 x OK\r\n\r\n", "abc", 5)).isNull();
  }
}
