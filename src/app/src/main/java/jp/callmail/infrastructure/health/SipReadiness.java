package jp.callmail.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The resource adapter's SIP proxy answers an OPTIONS addressed to it with 200 within a second, on
 * the address and port it was configured with. A listener that is up but wedged fails this, which a
 * mere port check would not notice.
 */
@Readiness
@ApplicationScoped
public class SipReadiness extends DetailedCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Inject
  @ConfigProperty(name = "callmail.sip.listen-address", defaultValue = "127.0.0.1")
  String listenAddress;

  @Inject
  @ConfigProperty(name = "callmail.sip.port", defaultValue = "5060")
  int port;

  @Override
  protected HealthCheckResponse details() {
    // A proxy listening on every address is asked on loopback.
    String host =
        listenAddress.equals("0.0.0.0") || listenAddress.equals("::") ? "127.0.0.1" : listenAddress;
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("sip").withData("target", host + ":" + port + "/udp");
    try {
      SipOptionsProbe.Reply reply = SipOptionsProbe.ask(host, port, TIMEOUT);
      response
          .withData("reply", reply.statusLine())
          .withData("latencyMillis", reply.latencyMillis());
      if (reply.server() != null) {
        response.withData("server", reply.server());
      }
      return (reply.status() == 200 ? response.up() : response.down()).build();
    } catch (IOException | RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
