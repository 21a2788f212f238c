package jp.callmail.infrastructure.health;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check whose details (latencies, the relay's greeting, a database error) are for
 * operators only (issue 15): Payara Micro's anonymous {@code /health} endpoints get the check's
 * name and status ({@link #call}), operators get everything through the API ({@code GET
 * /api/health}, {@link HealthReport}).
 */
public abstract class DetailedCheck implements HealthCheck {

  /** The full answer, with data. */
  protected abstract HealthCheckResponse details();

  /** {@code live} or {@code ready}. */
  protected String kind() {
    return "ready";
  }

  /** Name and status only, for anyone (not final: CDI proxies the checks). */
  @Override
  public HealthCheckResponse call() {
    HealthCheckResponse full = details();
    return HealthCheckResponse.named(full.getName())
        .status(full.getStatus() == HealthCheckResponse.Status.UP)
        .build();
  }

  static Map<String, Object> data(HealthCheckResponse response) {
    return response.getData().map(Map::copyOf).orElse(Map.of());
  }
}
