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
import java.util.Locale;
import java.util.Map;

/**
 * A loopback SMTP peer for one session that answers each command from a script, so that tests see
 * the exceptions Angus Mail really throws for a given reply. Commands not in the script get {@code
 * 250} ({@code 354} for {@code DATA}); the keys are the command verb ({@code EHLO}, {@code MAIL},
 * {@code RCPT}, {@code DATA}), {@code GREETING}, and {@code END_OF_DATA} for the reply after the
 * message's final dot.
 */
final class ScriptedSmtpPeer implements AutoCloseable {

  private final ServerSocket server;
  private final Map<String, String> script;
  private final Thread thread;

  private ScriptedSmtpPeer(Map<String, String> script) throws IOException {
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.script = script;
    this.thread = new Thread(this::serveOneSession, "scripted-smtp-peer");
    thread.setDaemon(true);
    thread.start();
  }

  static ScriptedSmtpPeer start(Map<String, String> script) throws IOException {
    return new ScriptedSmtpPeer(script);
  }

  int port() {
    return server.getLocalPort();
  }

  private void serveOneSession() {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
      reply(out, script.getOrDefault("GREETING", "220 peer.example.jp ESMTP"));
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        if (verb.equals("QUIT")) {
          reply(out, "221 2.0.0 Bye");
          return;
        }
        String answer =
            script.getOrDefault(
                verb, verb.equals("DATA") ? "354 End data with <CR><LF>.<CR><LF>" : "250 2.0.0 Ok");
        reply(out, answer);
        if (verb.equals("DATA") && answer.startsWith("354")) {
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // The message itself does not matter here.
          }
          reply(out, script.getOrDefault("END_OF_DATA", "250 2.0.0 Ok: queued"));
        }
        if (answer.startsWith("421")) {
          return;
        }
      }
    } catch (IOException sessionEnded) {
      // The client went away or the test closed the peer; the test asserts on what the client saw.
    }
  }

  private static void reply(Writer out, String text) throws IOException {
    out.write(text.replace("\n", "\r\n") + "\r\n");
    out.flush();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    thread.join(10_000);
  }
}
