package jp.callmail.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server that refuses every recipient with a permanent 550, as a relay does for an address
 * that does not exist. GreenMail accepts everything, so this plays the relay that says no.
 */
final class RejectingSmtpServer implements AutoCloseable {

  static final String REPLY =
      "550 5.1.1 <nobody@callmail.test>: Recipient address rejected: User unknown";

  private final ServerSocket server;
  private final Thread thread;

  RejectingSmtpServer(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    thread = new Thread(this::serve, "rejecting-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(10_000);
        session(socket);
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // one broken session; keep serving
      }
    }
  }

  private static void session(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
    reply(out, "220 relay.callmail.test ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO", "HELO" -> reply(out, "250 relay.callmail.test");
        case "RCPT" -> reply(out, REPLY);
        case "RSET", "NOOP", "MAIL" -> reply(out, "250 2.0.0 Ok");
        case "QUIT" -> {
          reply(out, "221 2.0.0 Bye");
          return;
        }
        default -> reply(out, "503 5.5.1 Error: need RCPT command");
      }
    }
  }

  private static void reply(Writer out, String text) throws IOException {
    out.write(text + "\r\n");
    out.flush();
  }

  @Override
  public void close() throws Exception {
    server.close();
    thread.join(5_000);
  }
}
