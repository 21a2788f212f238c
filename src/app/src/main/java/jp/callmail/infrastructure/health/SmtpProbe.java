package jp.callmail.infrastructure.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Checks that the mail relay answers, without sending or logging in: connect, read the 220
 * greeting, {@code NOOP} (250), {@code QUIT}. Every step is bounded by the timeout. Implicit TLS
 * ({@code smtps}) is spoken when asked; STARTTLS and authentication are not needed for NOOP.
 */
public final class SmtpProbe {

  /**
   * @param greeting the relay's 220 line, e.g. {@code 220 mail.example.jp ESMTP}
   */
  public record Reply(String greeting, String noop, long latencyMillis) {}

  private SmtpProbe() {}

  /**
   * @throws IOException when the relay cannot be reached in time or does not say 220 and 250
   */
  public static Reply ask(String host, int port, boolean implicitTls, Duration timeout)
      throws IOException {
    long started = System.nanoTime();
    int millis = (int) timeout.toMillis();
    try (Socket socket =
        implicitTls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      String greeting = reply(in);
      expect(greeting, "220");
      out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String noop = reply(in);
      expect(noop, "250");
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        reply(in); // 221; a relay that just hangs up is as well
      } catch (IOException e) {
        // the check has its answer already
      }
      return new Reply(greeting, noop, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** The last line of a possibly multi-line reply ({@code 250-...} lines continue it). */
  private static String reply(BufferedReader in) throws IOException {
    String line = in.readLine();
    while (line != null && line.length() > 3 && line.charAt(3) == '-') {
      line = in.readLine();
    }
    if (line == null) {
      throw new IOException("the relay closed the connection");
    }
    return line;
  }

  private static void expect(String reply, String code) throws IOException {
    if (!reply.startsWith(code)) {
      throw new IOException("expected " + code + ", the relay said: " + reply);
    }
  }
}
