package jp.callmail.infrastructure.health;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Asks the SIP proxy whether it is there the way a SIP peer would: an OPTIONS addressed to the
 * proxy itself (no user part, RFC 3261 §11), over UDP from an ephemeral port, waiting a short time
 * for its final response. Provisional responses are skipped; only a response with the request's
 * Call-ID and CSeq counts.
 */
public final class SipOptionsProbe {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What the proxy answered.
   *
   * @param status the final response's status code (200 when the proxy is well)
   * @param statusLine e.g. {@code SIP/2.0 200 OK}
   * @param server the Server or User-Agent header, if any
   */
  public record Reply(int status, String statusLine, String server, long latencyMillis) {}

  private SipOptionsProbe() {}

  /**
   * @throws IOException on no answer within the timeout ({@link SocketTimeoutException}) or a send
   *     error
   */
  public static Reply ask(String host, int port, Duration timeout) throws IOException {
    InetAddress target = InetAddress.getByName(host);
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
      socket.connect(target, port);
      String callId = token() + "@callmail-health";
      String request =
          request(target, port, socket.getLocalAddress(), socket.getLocalPort(), callId, token());
      byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
      long started = System.nanoTime();
      long deadline = started + timeout.toNanos();
      socket.send(new DatagramPacket(bytes, bytes.length));
      byte[] buffer = new byte[65_535];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException(
              "no final response to OPTIONS within " + timeout.toMillis() + " ms");
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        String response =
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        Reply reply = parse(response, callId, (System.nanoTime() - started) / 1_000_000);
        if (reply != null && reply.status() >= 200) {
          return reply;
        }
      }
    }
  }

  /**
   * The OPTIONS request, with the sender's address in Via (and rport, so the answer finds the
   * port).
   */
  static String request(
      InetAddress target, int port, InetAddress local, int localPort, String callId, String tag) {
    String to = uriHost(target) + ":" + port;
    String from = uriHost(local.isAnyLocalAddress() ? target : local) + ":" + localPort;
    return "OPTIONS sip:"
        + to
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + from
        + ";branch=z9hG4bK"
        + token()
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:health@"
        + from
        + ">;tag="
        + tag
        + "\r\n"
        + "To: <sip:"
        + to
        + ">\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Accept: application/sdp\r\n"
        + "User-Agent: callmail-health\r\n"
        + "Content-Length: 0\r\n"
        + "\r\n";
  }

  /** A response to our request, or null for anything else (another request, another call). */
  static Reply parse(String message, String callId, long latencyMillis) {
    String[] lines = message.split("\r?\n");
    if (lines.length == 0 || !lines[0].startsWith("SIP/2.0 ")) {
      return null;
    }
    String[] parts = lines[0].split(" ", 3);
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
    String gotCallId = header(lines, "call-id", "i");
    String cseq = header(lines, "cseq", null);
    if (!callId.equals(gotCallId)
        || cseq == null
        || !cseq.toUpperCase(Locale.ROOT).endsWith("OPTIONS")) {
      return null;
    }
    String server = header(lines, "server", null);
    if (server == null) {
      server = header(lines, "user-agent", null);
    }
    return new Reply(status, lines[0].strip(), server, latencyMillis);
  }

  private static String header(String[] lines, String name, String compact) {
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        String n = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (n.equals(name) || n.equals(compact)) {
          return lines[i].substring(colon + 1).strip();
        }
      }
    }
    return null;
  }

  private static String uriHost(InetAddress address) {
    return address instanceof Inet6Address
        ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
  }

  private static String token() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
