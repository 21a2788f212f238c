package jp.callmail.infrastructure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpProbeTest {

  private ServerSocket server;
  private final List<String> commands = new ArrayList<>();

  private int serve(String greeting, String noopReply) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                if (greeting == null) {
                  Thread.sleep(5000);
                  return;
                }
                out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (commands) {
                    commands.add(line);
                  }
                  out.write(
                      ((line.equals("QUIT") ? "221 bye" : noopReply) + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  if (line.equals("QUIT")) {
                    return;
                  }
                }
              } catch (IOException | InterruptedException e) {
                // closed by the test
              }
            },
            "smtp-peer");
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  @AfterEach
  void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void greetingNoopAndQuitWithoutSendingOrLoggingIn() throws IOException {
    int port = serve("220 relay.example.jp ESMTP", "250 2.0.0 OK");
    SmtpProbe.Reply reply = SmtpProbe.ask("127.0.0.1", port, false, Duration.ofSeconds(2));
    assertThat(reply.greeting()).isEqualTo("220 relay.example.jp ESMTP");
    assertThat(reply.noop()).isEqualTo("250 2.0.0 OK");
    assertThat(commands).containsExactly("NOOP", "QUIT");
  }

  @Test
  void aRelayThatRefusesServiceFails() throws IOException {
    int port = serve("554 5.3.2 no service", "250 OK");
    assertThatThrownBy(() -> SmtpProbe.ask("127.0.0.1", port, false, Duration.ofSeconds(2)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("554");
  }

  @Test
  void aSilentRelayTimesOut() throws IOException {
    int port = serve(null, null);
    long started = System.nanoTime();
    assertThatThrownBy(() -> SmtpProbe.ask("127.0.0.1", port, false, Duration.ofMillis(300)))
        .isInstanceOf(IOException.class);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3000L);
  }

  @Test
  void nobodyListeningFails() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> SmtpProbe.ask("127.0.0.1", port, false, Duration.ofSeconds(1)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void theRelayIsReadFromTheSessionPropertiesAsJakartaMailReadsThem() {
    Properties p = new Properties();
    p.setProperty("mail.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", "3025");
    assertThat(MailReadiness.Relay.of(p))
        .isEqualTo(new MailReadiness.Relay("127.0.0.1", 3025, false));
    p.setProperty("mail.smtp.host", "relay.example.jp");
    assertThat(MailReadiness.Relay.of(p).host()).isEqualTo("relay.example.jp");
    Properties smtps = new Properties();
    smtps.setProperty("mail.transport.protocol", "smtps");
    smtps.setProperty("mail.smtps.host", "secure.example.jp");
    assertThat(MailReadiness.Relay.of(smtps))
        .isEqualTo(new MailReadiness.Relay("secure.example.jp", 465, true));
    assertThat(MailReadiness.Relay.of(new Properties()))
        .isEqualTo(new MailReadiness.Relay("localhost", 25, false));
  }
}
