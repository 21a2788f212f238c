package jp.callmail.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The database answers a trivial query through the application's own pool ({@code jdbc/callmail})
 * within 2 seconds: the cheapest proof that calls can be logged and mail queued.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness extends DetailedCheck {

  private static final int TIMEOUT_SECONDS = 2;

  @Resource(lookup = "jdbc/callmail")
  private DataSource dataSource;

  @Override
  protected HealthCheckResponse details() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("database").withData("resource", "jdbc/callmail");
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(TIMEOUT_SECONDS);
      statement.execute("SELECT 1");
      return response
          .up()
          .withData("product", connection.getMetaData().getDatabaseProductName())
          .withData("latencyMillis", (System.nanoTime() - started) / 1_000_000)
          .build();
    } catch (SQLException | RuntimeException e) {
      return response
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .withData("latencyMillis", (System.nanoTime() - started) / 1_000_000)
          .build();
    }
  }
}
