package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.callmail.sip.connector.stack.TcpLimits;
import org.junit.jupiter.api.Test;

/**
 * Real TCP connections on loopback (127.0.0.1, .2 and .3 are different sources on Linux): a source
 * over its share, and anyone over the total, is closed at once while the others are served; an idle
 * connection is closed and no longer counts.
 */
class TcpConnectionLimitsTest {

  private static ProxyLimits limits(int total, int perSource, int idleSeconds) {
    return new ProxyLimits(
        new TcpLimits(total, perSource, Duration.ofSeconds(idleSeconds)), 50, 200);
  }

  @Test
  void aSourceOverItsShareIsClosedAndOthersStillGetIn() throws Exception {
    // 127.0.0.1-3 are peers here: the caps count connections, the peers decide who may use them
    try (ProxyUnderTest proxy = ProxyUnderTest.start(limits(4, 3, 60), "127.0.0.0/30")) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket socket = connect(proxy, "127.0.0.1");
          sockets.add(socket);
          assertThat(answersOptions(proxy, socket))
              .as("connection %d from 127.0.0.1", i + 1)
              .isTrue();
        }
        Socket fourth = connect(proxy, "127.0.0.1");
        sockets.add(fourth);
        assertThat(closedByProxy(fourth))
            .as("4th connection from 127.0.0.1 (3 per source)")
            .isTrue();

        Socket other = connect(proxy, "127.0.0.2");
        sockets.add(other);
        assertThat(answersOptions(proxy, other)).as("a connection from another source").isTrue();

        Socket overTotal = connect(proxy, "127.0.0.3");
        sockets.add(overTotal);
        assertThat(closedByProxy(overTotal)).as("5th connection in all (4 in total)").isTrue();

        sockets.get(0).close(); // a slot of 127.0.0.1 frees
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  Socket again = connect(proxy, "127.0.0.1");
                  sockets.add(again);
                  return answersOptions(proxy, again);
                });
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  @Test
  void anIdleConnectionIsClosedAndFreesItsSlot() throws Exception {
    try (ProxyUnderTest proxy = ProxyUnderTest.start(limits(10, 1, 1))) {
      try (Socket idle = connect(proxy, "127.0.0.1")) {
        assertThat(answersOptions(proxy, idle)).isTrue();
        long start = System.nanoTime();
        assertThat(closedByProxy(idle, Duration.ofSeconds(5))).as("closed after 1 s idle").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThan(Duration.ofMillis(700));
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                try (Socket next = connect(proxy, "127.0.0.1")) {
                  return answersOptions(proxy, next); // the only slot of 127.0.0.1 is free again
                }
              });
    }
  }

  private static Socket connect(ProxyUnderTest proxy, String from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress(RawSipEndpoint.LOOPBACK, proxy.port), 2000);
    return socket;
  }

  /** Sends OPTIONS to the proxy itself on the connection; true when 200 comes back on it. */
  private static boolean answersOptions(ProxyUnderTest proxy, Socket socket) throws IOException {
    String local = socket.getLocalAddress().getHostAddress();
    String callId = UUID.randomUUID() + "@" + local;
    String request =
        "OPTIONS "
            + proxy.uri()
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP "
            + local
            + ":"
            + socket.getLocalPort()
            + ";branch=z9hG4bK"
            + UUID.randomUUID()
            + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:probe@"
            + local
            + ">;tag="
            + System.nanoTime()
            + "\r\n"
            + "To: <"
            + proxy.uri()
            + ">\r\n"
            + "Call-ID: "
            + callId
            + "\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    try {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(3000);
      String head = readHead(socket.getInputStream());
      return head.startsWith("SIP/2.0 200") && head.contains(callId);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean closedByProxy(Socket socket) throws IOException {
    return closedByProxy(socket, Duration.ofSeconds(2));
  }

  /** True when the proxy closes the connection (EOF or reset) within the time. */
  private static boolean closedByProxy(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
