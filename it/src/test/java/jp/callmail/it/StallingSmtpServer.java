package jp.callmail.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relay that is slow: it can hold back its greeting and its EHLO reply on the first session, each
 * for a while shorter than the client's read timeout (a relay that stalls before it takes a mail),
 * and take its time before it accepts each mail's data (a relay that is slow but works). Sessions
 * are numbered from 1 and each accepted mail's reply names its session ({@code 250 2.0.0 Ok: queued
 * as S<session>M<n>}), so a test sees which sender's connection delivered a mail and whose reply an
 * outbox row kept.
 */
final class StallingSmtpServer implements AutoCloseable {

  /** A mail as accepted: the session it came in, its recipient, and the reply it got. */
  record Accepted(int session, String recipient, String reply) {}

  private final ServerSocket server;
  private final Duration firstSessionDelay;
  private final Duration dataDelay;
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger mails = new AtomicInteger();
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean firstGreeted;

  StallingSmtpServer(int port, Duration firstSessionDelay, Duration dataDelay) throws IOException {
    this.firstSessionDelay = firstSessionDelay;
    this.dataDelay = dataDelay;
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread acceptor = new Thread(this::accept, "stalling-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Every mail accepted so far, in order. */
  List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  /** The mails accepted for one recipient. */
  List<Accepted> acceptedFor(String recipient) {
    return accepted.stream().filter(mail -> mail.recipient().equalsIgnoreCase(recipient)).toList();
  }

  /** Whether the first session, the one held back, has had its EHLO reply at last. */
  boolean firstGreeted() {
    return firstGreeted;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int session = sessions.incrementAndGet();
        open.add(socket);
        Thread thread = new Thread(() -> serve(socket, session), "stalling-smtp-" + session);
        thread.setDaemon(true);
        thread.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket, int session) {
    try (socket) {
      socket.setSoTimeout(60_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
      if (session == 1) {
        Thread.sleep(firstSessionDelay.toMillis());
      }
      reply(out, "220 relay.callmail.test ESMTP");
      String recipient = null;
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          case "EHLO", "HELO" -> {
            if (session == 1) {
              Thread.sleep(firstSessionDelay.toMillis());
              firstGreeted = true;
            }
            reply(out, "250 relay.callmail.test");
          }
          case "RCPT" -> {
            recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
            reply(out, "250 2.1.5 Ok");
          }
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the text is NotificationIT's business; here only who delivered what counts
            }
            Thread.sleep(dataDelay.toMillis());
            String queued = "250 2.0.0 Ok: queued as S" + session + "M" + mails.incrementAndGet();
            accepted.add(new Accepted(session, recipient, queued));
            reply(out, queued);
          }
          default -> reply(out, "250 2.0.0 Ok");
        }
      }
    } catch (IOException sessionEnded) {
      // the client went away or the test closed the relay
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    for (Socket socket : open) {
      socket.close();
    }
  }
}
