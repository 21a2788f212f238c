package jp.callmail.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The application is deployed and answering. Deliberately checks nothing outside the JVM: a
 * database or mail outage must make the instance not ready, never get it restarted.
 */
@Liveness
@ApplicationScoped
public class ApplicationLiveness extends DetailedCheck {

  @Override
  protected String kind() {
    return "live";
  }

  @Override
  protected HealthCheckResponse details() {
    return HealthCheckResponse.named("callmail")
        .up()
        .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .build();
  }
}
