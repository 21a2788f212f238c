package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A thousand malformed datagrams (random bytes, truncated requests, broken or missing mandatory
 * headers, control characters) and a hundred malformed TCP messages cost a few dozen short log
 * lines, none with a stack trace or above WARNING, and the proxy still answers OPTIONS afterwards.
 */
class MalformedFloodTest {

  private static final int DATAGRAMS = 1000;
  private static final int TCP_MESSAGES = 100;

  @Test
  void aFloodOfMalformedMessagesCostsAFewDozenLines() throws Exception {
    try (ProxyUnderTest proxy = ProxyUnderTest.start(null, Duration.ofSeconds(180));
        Capture capture = new Capture()) {
      Random random = new Random(4475);
      try (DatagramSocket udp =
          new DatagramSocket(new InetSocketAddress(RawSipEndpoint.LOOPBACK, 0))) {
        for (int i = 0; i < DATAGRAMS; i++) {
          byte[] bytes = malformed(i, random, proxy, "UDP", udp.getLocalPort());
          udp.send(new DatagramPacket(bytes, bytes.length, proxy.address()));
          if (i % 100 == 99) {
            Thread.sleep(
                20); // a flood, not a kernel-buffer overflow: every datagram is to be parsed
          }
        }
      }
      for (int i = 0; i < TCP_MESSAGES; i++) {
        try (Socket tcp = new Socket(RawSipEndpoint.LOOPBACK, proxy.port)) {
          OutputStream out = tcp.getOutputStream();
          out.write(malformed(i + 1, random, proxy, "TCP", tcp.getLocalPort()));
          out.flush();
        }
      }
      assertThat(answersOptions(proxy)).as("the proxy answers OPTIONS after the flood").isTrue();
      Thread.sleep(500); // let the stack's threads finish what they took

      List<LogRecord> lines = capture.records;
      String all = describe(lines);
      assertThat(lines)
          .as("log lines for %d malformed messages:%n%s", DATAGRAMS + TCP_MESSAGES, all)
          .hasSizeGreaterThanOrEqualTo(1)
          .hasSizeLessThanOrEqualTo(40);
      assertThat(lines)
          .as(all)
          .allSatisfy(
              r -> {
                assertThat(r.getThrown()).as("stack trace on: " + r.getMessage()).isNull();
                assertThat(r.getLevel().intValue())
                    .as(r.getMessage())
                    .isLessThanOrEqualTo(Level.WARNING.intValue());
                assertThat(r.getMessage())
                    .hasSizeLessThanOrEqualTo(400)
                    .doesNotContain("\n", "\r", "[73, ");
              });
      assertThat(lines)
          .as(all)
          .anyMatch(r -> r.getMessage().startsWith("Malformed SIP message from 127.0.0.1:"));
    }
  }

  /**
   * A connection that sends a CRLF keep-alive and hangs up at once: the answer is due on that
   * connection only, never on a new one toward the peer's ephemeral port (which the stock stack
   * tried, logging a NullPointerException or five SEVERE lines per connection).
   */
  @Test
  void keepAlivesOnConnectionsThatHangUpCostNoLogLines() throws Exception {
    try (ProxyUnderTest proxy = ProxyUnderTest.start(null, Duration.ofSeconds(180));
        Capture capture = new Capture()) {
      for (int i = 0; i < 50; i++) {
        try (Socket tcp = new Socket(RawSipEndpoint.LOOPBACK, proxy.port)) {
          OutputStream out = tcp.getOutputStream();
          out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
      try (Socket tcp = new Socket(RawSipEndpoint.LOOPBACK, proxy.port)) {
        tcp.setSoTimeout(5000);
        tcp.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] answer = tcp.getInputStream().readNBytes(2);
        assertThat(new String(answer, StandardCharsets.US_ASCII))
            .as("RFC 5626 §3.5.1 pong")
            .isEqualTo("\r\n");
      }
      assertThat(answersOptions(proxy)).isTrue();
      Thread.sleep(500);
      assertThat(capture.records).as(describe(capture.records)).isEmpty();
    }
  }

  /** The i-th malformed message: eight kinds in turn. */
  private static byte[] malformed(
      int i, Random random, ProxyUnderTest proxy, String transport, int localPort) {
    String valid =
        "OPTIONS "
            + proxy.uri()
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/"
            + transport
            + " 127.0.0.1:"
            + localPort
            + ";branch=z9hG4bK"
            + i
            + "x"
            + random.nextInt(1_000_000)
            + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:flood@127.0.0.1>;tag="
            + i
            + "\r\n"
            + "To: <"
            + proxy.uri()
            + ">\r\n"
            + "Call-ID: flood-"
            + i
            + "-"
            + random.nextInt()
            + "@127.0.0.1\r\n"
            + "CSeq: "
            + (i + 1)
            + " OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    return switch (i % 8) {
      case 0 -> { // random bytes
        byte[] bytes = new byte[1 + random.nextInt(1400)];
        random.nextBytes(bytes);
        yield bytes;
      }
      case 1 ->
          valid
              .substring(0, 10 + random.nextInt(valid.length() / 2))
              .getBytes(StandardCharsets.ISO_8859_1);
      case 2 ->
          valid
              .replace("CSeq: " + (i + 1) + " OPTIONS", "CSeq: abc OPTIONS")
              .getBytes(StandardCharsets.ISO_8859_1);
      case 3 ->
          valid
              .replaceFirst("Via: [^\r]*", "Via: \u0000\u0001garbage;;;")
              .getBytes(StandardCharsets.ISO_8859_1);
      case 4 ->
          valid
              .replaceFirst("CSeq: [^\r]*\r\n", "")
              .getBytes(StandardCharsets.ISO_8859_1); // no CSeq
      case 5 ->
          valid
              .replaceFirst("From: [^\r]*", "From: <<<sip:\u001b[31m")
              .getBytes(StandardCharsets.ISO_8859_1);
      case 6 ->
          ("INVITE\u0000\u00ff sip:" + "9".repeat(3000) + " SIP/2.0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
      default ->
          valid
              .replace("Content-Length: 0", "Content-Length: -5")
              .getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  private static boolean answersOptions(ProxyUnderTest proxy) throws Exception {
    try (RawSipEndpoint probe = new RawSipEndpoint.Udp("probe", 0)) {
      String callId = UUID.randomUUID() + "@probe";
      probe.send(
          SipTestMessage.request("OPTIONS", proxy.uri())
              .header("Via", probe.via(ProxyScenarios.branch()))
              .header("Max-Forwards", "70")
              .header("From", "<sip:probe@127.0.0.1>;tag=" + ProxyScenarios.tag())
              .header("To", "<" + proxy.uri() + ">")
              .header("Call-ID", callId)
              .header("CSeq", "1 OPTIONS")
              .build(),
          proxy.address());
      try {
        probe.await(
            "200 for OPTIONS",
            RawSipEndpoint.response(200, "OPTIONS", callId),
            Duration.ofSeconds(10));
        return true;
      } catch (AssertionError noAnswer) {
        return false;
      }
    }
  }

  private static String describe(List<LogRecord> records) {
    StringBuilder out = new StringBuilder();
    for (LogRecord r : records) {
      String message = r.getMessage() == null ? "" : r.getMessage();
      out.append(r.getLevel())
          .append(' ')
          .append(r.getLoggerName())
          .append(": ")
          .append(message, 0, Math.min(message.length(), 500))
          .append(r.getThrown() == null ? "" : " [" + r.getThrown() + "]")
          .append('\n');
    }
    return out.toString();
  }

  /** Every record at INFO or above, from any logger, while the flood runs. */
  private static final class Capture extends Handler implements AutoCloseable {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final List<Logger> quieted = new ArrayList<>();

    Capture() {
      setLevel(Level.INFO);
      root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.INFO.intValue()) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      root.removeHandler(this);
      quieted.clear();
    }
  }
}
