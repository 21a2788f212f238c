package jp.callmail.infrastructure.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback relay that accepts any number of sessions and counts them, accepts every mail except
 * to addresses starting with {@code refused}, which get {@code 550}, and can drop its sessions as a
 * relay does with idle connections. Tests see how many connections a sender really made.
 */
final class CountingSmtpRelay implements AutoCloseable {

  static final String REFUSAL = "550 5.1.1 Recipient address rejected: User unknown";

  private final ServerSocket server;
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger noops = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  CountingSmtpRelay() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "counting-smtp-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Sessions opened so far. */
  int sessions() {
    return sessions.get();
  }

  /** Mails accepted after their data. */
  int accepted() {
    return accepted.get();
  }

  /** NOOPs received: how often a client checked a kept connection. */
  int noops() {
    return noops.get();
  }

  /** Closes every open session without a word, as a relay does with a connection idle too long. */
  void dropSessions() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sessions.incrementAndGet();
        open.add(socket);
        Thread session = new Thread(() -> serve(socket), "counting-smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
      reply(out, "220 relay.example.jp ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          case "NOOP" -> {
            noops.incrementAndGet();
            reply(out, "250 2.0.0 Ok");
          }
          case "RCPT" ->
              reply(
                  out,
                  line.toLowerCase(Locale.ROOT).contains("<refused") ? REFUSAL : "250 2.1.5 Ok");
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the message itself does not matter here
            }
            accepted.incrementAndGet();
            reply(out, "250 2.0.0 Ok: queued as " + accepted.get());
          }
          default -> reply(out, "250 2.0.0 Ok");
        }
      }
    } catch (IOException sessionEnded) {
      // the client went away or the test dropped the session
    } finally {
      open.remove(socket);
    }
  }

  private static void reply(Writer out, String text) throws IOException {
    out.write(text + "\r\n");
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropSessions();
  }
}
