package jp.callmail.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The mail session resource exists ({@code mail/callmail}, looked up by JNDI as MailDispatcher's
 * injection does) and the relay it names answers SMTP within 2 seconds. The outbox keeps mail while
 * the relay is away, so this check tells operators that delivery is held up, not that calls are
 * lost.
 */
@Readiness
@ApplicationScoped
public class MailReadiness extends DetailedCheck {

  static final String JNDI_NAME = "mail/callmail";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Override
  protected HealthCheckResponse details() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("mail").withData("resource", JNDI_NAME);
    Properties properties;
    try {
      properties = ((Session) new InitialContext().lookup(JNDI_NAME)).getProperties();
    } catch (NamingException | ClassCastException e) {
      return response
          .down()
          .withData("error", "no mail session " + JNDI_NAME + ": " + e.getMessage())
          .build();
    }
    Relay relay = Relay.of(properties);
    response.withData("relay", relay.host() + ":" + relay.port());
    try {
      SmtpProbe.Reply reply =
          SmtpProbe.ask(relay.host(), relay.port(), relay.implicitTls(), TIMEOUT);
      return response
          .up()
          .withData("greeting", reply.greeting())
          .withData("latencyMillis", reply.latencyMillis())
          .build();
    } catch (IOException | RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }

  /**
   * Where a Jakarta Mail session sends: its transport protocol's host and port, as Angus Mail reads
   * them.
   */
  record Relay(String host, int port, boolean implicitTls) {

    static Relay of(Properties p) {
      String protocol = p.getProperty("mail.transport.protocol", "smtp");
      boolean tls =
          protocol.equals("smtps") || Boolean.parseBoolean(p.getProperty("mail.smtp.ssl.enable"));
      String host =
          p.getProperty("mail." + protocol + ".host", p.getProperty("mail.host", "localhost"));
      String port = p.getProperty("mail." + protocol + ".port");
      int number;
      try {
        number = port == null || port.isBlank() ? (tls ? 465 : 25) : Integer.parseInt(port.strip());
      } catch (NumberFormatException e) {
        number = tls ? 465 : 25;
      }
      return new Relay(host, number, tls);
    }
  }
}
