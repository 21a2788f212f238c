package jp.callmail.interfaces.operator.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import jp.callmail.application.HealthDetails;

/**
 * {@code GET /api/health}: every health check with its details, for operators (any role). The
 * status is 200 when all are UP, else 503, as {@code /health} answers.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @Inject private HealthDetails health;

  /** The overall state and the checks. */
  public record HealthView(String status, List<HealthDetails.Check> checks) {}

  @GET
  public Response all() {
    List<HealthDetails.Check> checks = health.checks();
    boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
    return Response.status(up ? 200 : 503)
        .entity(new HealthView(up ? "UP" : "DOWN", checks))
        .build();
  }
}
