package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Health and Metrics of a running server, and readiness following the database: the
 * PostgreSQL cluster of the test run is stopped (not ready, still live) and started again (ready).
 * Runs in the PostgreSQL pass only, where it/run-tests.sh names the cluster; H2 cannot be stopped
 * apart from the server.
 */
class HealthIT {

  private static final String CLUSTER = System.getProperty("callmail.it.pg-cluster", "");
  private static final String BASE =
      "http://127.0.0.1:" + Integer.getInteger("callmail.it.http-port");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static PayaraProcess server;
  private static GreenMail smtp;

  @BeforeAll
  static void startServer() throws Exception {
    Assumptions.assumeFalse(
        CLUSTER.isBlank(), "PostgreSQL pass only (it/run-tests.sh sets callmail.it.pg-cluster)");
    smtp = ClientSide.startSmtp();
    server = PayaraProcess.start("health");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      pgCluster("start"); // whatever happened, leave the database running
      server.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void readinessFollowsTheDatabaseWhileLivenessStays() throws Exception {
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject health = json(ready.body());
    assertEquals("UP", health.getString("status"));
    List<String> checks =
        health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .map(c -> c.getString("name") + "=" + c.getString("status"))
            .toList();
    assertTrue(checks.containsAll(List.of("database=UP", "mail=UP", "sip=UP")), checks.toString());

    pgCluster("stop");
    Await.until("not ready without the database", () -> get("/health/ready").statusCode() == 503);
    JsonObject down = json(get("/health/ready").body());
    assertTrue(
        down.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .anyMatch(
                c ->
                    c.getString("name").equals("database") && c.getString("status").equals("DOWN")),
        down.toString());
    assertEquals(200, get("/health/live").statusCode(), "still live: a restart would not help");

    pgCluster("start");
    Await.until(
        "ready again with the database back", () -> get("/health/ready").statusCode() == 200);
    assertEquals(
        200, ApiClient.operator().get("/contracts").status(), "and the application works again");
  }

  @Test
  void metricsNameCallsAndMails() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    List<String> ours = metrics.body().lines().filter(l -> l.startsWith("callmail_")).toList();
    assertTrue(
        ours.stream().anyMatch(l -> l.startsWith("callmail_outbox_pending")),
        "the outbox gauge: " + ours);
    assertTrue(
        ours.stream()
            .anyMatch(
                l ->
                    l.startsWith("callmail_sip_transactions")
                        && l.contains("side=\"server\"")
                        && !l.endsWith(" -1.0")),
        "the SIP stack's transactions, read from the adapter: " + ours);
    assertTrue(
        ours.stream().anyMatch(l -> l.startsWith("callmail_ivr_calls")), "IVR calls: " + ours);
  }

  private static HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + ": " + e, e);
    }
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private static void pgCluster(String action) throws Exception {
    PgCluster.run(CLUSTER, action);
  }
}
