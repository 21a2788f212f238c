package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No completed call is lost (SPEC §3, issue 11), seen from outside: a Call-ID far longer than the
 * old 255-character column is recorded whole and mailed; a record that the database refuses is a
 * dead letter that the REST API and the metric show, is refused again while the cause stays, and
 * once the cause is removed an operator's retry records it and its mail arrives.
 *
 * <p>The refusal is real: the test makes the database refuse one caller's rows with a CHECK
 * constraint on call_log ({@link ItDatabase#refuseCaller}, reached through a test-only resource).
 */
@ExtendWith(ArquillianExtension.class)
class CallRecordIT {

  private static final String REFUSED_CALLER = "0698765432";
  private static int lineSequence = 0;

  private final ApiClient api = ApiClient.operator();
  private GreenMail smtp;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar().addClasses(ItDatabase.class, ItDatabaseResource.class);
  }

  @BeforeAll
  static void contract() throws Exception {
    ApiClient.Reply created =
        ApiClient.operator().post("/contracts", "{\"code\":\"IT-RECORDS\",\"name\":\"記録テスト株式会社\"}");
    assertTrue(created.status() == 201 || created.status() == 409, created.text());
  }

  @BeforeEach
  void startSmtp() {
    smtp = ClientSide.startSmtp();
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void aCallIdOf400CharactersIsRecordedWholeAndMailed() throws Exception {
    Sipp callee = Sipp.callee("long-call-id", "uas-busy.xml");
    String number = newLine(callee.routeUri(), "long@callmail.test");
    String prefix = "it-long-" + System.nanoTime() + "-";
    String callId =
        prefix + "x".repeat(400 - prefix.length() - "@127.0.0.1".length()) + "@127.0.0.1";
    assertEquals(400, callId.length());

    placeBusyCall(callee, number, callId, "<sip:0612345678@127.0.0.1;user=phone>");

    Await.until(
        "the mail of the long Call-ID's call",
        Duration.ofSeconds(30),
        () -> mailsTo("long@callmail.test").size() == 1);
    assertTrue(
        text(mailsTo("long@callmail.test").get(0)).contains("発信者通知番号:0612345678\n非通知理由:\n呼出時間:"));
    JsonObject call = api.get("/lines/" + number + "/calls").array().getJsonObject(0);
    assertEquals(callId, call.getString("callId"), "kept whole");
    assertEquals("応答なし", call.getString("outcome"));
  }

  @Test
  void aRecordTheDatabaseRefusesIsADeadLetterUntilAnOperatorsRetryRecordsIt() throws Exception {
    Sipp callee = Sipp.callee("refused-record", "uas-busy.xml");
    String number = newLine(callee.routeUri(), "dead@callmail.test");
    String callId = "it-dead-" + System.nanoTime() + "@127.0.0.1";
    long deadBefore = deadMetric();
    assertEquals(204, api.send("PUT", "/it/refused-callers/" + REFUSED_CALLER, "").status());
    try {
      placeBusyCall(callee, number, callId, "<sip:" + REFUSED_CALLER + "@127.0.0.1;user=phone>");

      JsonObject letter = awaitDeadLetter(callId);
      assertEquals(number, letter.getString("calledNumber"));
      assertEquals(REFUSED_CALLER, letter.getString("callerNumber"));
      assertEquals("NOT_ANSWERED", letter.getString("outcome"));
      assertTrue(
          letter.getString("reason").toLowerCase(Locale.ROOT).contains(ItDatabase.REFUSING_CHECK),
          letter.toString());
      assertEquals(
          0, api.get("/lines/" + number + "/calls").array().size(), "the call log refused it");
      Await.until("the metric counts it", () -> deadMetric() == deadBefore + 1);
      HttpResponse<String> console =
          Insecure.getWithCookie(
              "https://127.0.0.1:"
                  + Integer.getInteger("callmail.it.https-port")
                  + "/console/dead-letters.xhtml",
              Insecure.consoleLogin("operator", "it-operator-password"));
      assertEquals(200, console.statusCode());
      assertTrue(
          console.body().contains("未記録の着信")
              && console.body().contains(callId)
              && console.body().contains("再処理"),
          "the console lists it with its retry button");

      long id = letter.getJsonNumber("id").longValue();
      ApiClient.Reply again = api.post("/call-records/dead/" + id + "/retry", "");
      assertEquals(409, again.status(), again.text());
      assertTrue(again.contentType().startsWith("application/problem+json"), again.contentType());
      assertEquals("record-refused", again.object().getString("rule"));
      assertEquals(2, awaitDeadLetter(callId).getInt("attempts"), "the failed retry is counted");
    } finally {
      assertEquals(204, api.send("DELETE", "/it/refused-callers/" + REFUSED_CALLER, "").status());
    }

    long id = awaitDeadLetter(callId).getJsonNumber("id").longValue();
    ApiClient.Reply retried = api.post("/call-records/dead/" + id + "/retry", "");
    assertEquals(200, retried.status(), retried.text());
    assertTrue(
        retried.object().getString("resolution").startsWith("recorded (retry by operator)"),
        retried.text());
    assertFalse(retried.object().isNull("resolvedAt"));

    Await.until(
        "the recorded call's mail",
        Duration.ofSeconds(30),
        () -> mailsTo("dead@callmail.test").size() == 1);
    assertTrue(
        text(mailsTo("dead@callmail.test").get(0)).contains("発信者通知番号:" + REFUSED_CALLER + "\n"));
    JsonObject call = api.get("/lines/" + number + "/calls").array().getJsonObject(0);
    assertEquals(callId, call.getString("callId"));
    assertTrue(deadLetter(callId).isEmpty(), "no longer listed");
    Await.until("the metric no longer counts it", () -> deadMetric() == deadBefore);
    assertEquals(
        409, api.post("/call-records/dead/" + id + "/retry", "").status(), "resolved once");
    String audit = api.get("/audit?target=" + number).text();
    assertTrue(
        audit.contains("call-record.retry")
            && audit.contains("refused again")
            && audit.contains("recorded"),
        audit);
  }

  // ---------------------------------------------------------------- helpers

  private String newLine(String route, String address) throws Exception {
    String number = String.format("03444%05d", ++lineSequence);
    ApiClient.Reply line =
        api.post(
            "/lines",
            "{\"number\":\""
                + number
                + "\",\"contract\":\"IT-RECORDS\","
                + "\"downstreamRoute\":\""
                + route
                + "\"}");
    assertEquals(201, line.status(), line.text());
    ApiClient.Reply settings =
        api.put(
            "/lines/" + number + "/settings",
            "{\"active\":true,\"recipients\":[{\"address\":\"" + address + "\",\"send\":true}]}");
    assertEquals(200, settings.status(), settings.text());
    return number;
  }

  private static void placeBusyCall(Sipp callee, String number, String callId, String from)
      throws Exception {
    Sipp caller =
        Sipp.caller(
                "records",
                "uac-expect-error.xml",
                Integer.getInteger("callmail.it.sip-port"),
                number,
                callId)
            .option("-key", "from_hdr", from, "-set", "expect_code", "486");
    try {
      callee.start();
      caller.start();
      assertEquals(0, caller.await(), () -> "caller failed:\n" + caller.transcript());
      assertEquals(0, callee.await(), () -> "callee failed:\n" + callee.transcript());
    } finally {
      caller.stop();
      callee.stop();
    }
  }

  private JsonObject awaitDeadLetter(String callId) throws Exception {
    JsonObject[] found = new JsonObject[1];
    Await.until(
        "dead letter of " + callId,
        Duration.ofSeconds(30),
        () -> {
          found[0] = deadLetter(callId).orElse(null);
          return found[0] != null;
        });
    return found[0];
  }

  private Optional<JsonObject> deadLetter(String callId) {
    try {
      ApiClient.Reply page = api.get("/call-records/dead?limit=200");
      assertEquals(200, page.status(), page.text());
      return page.object().getJsonArray("deadLetters").stream()
          .map(v -> v.asJsonObject())
          .filter(d -> d.getString("callId").equals(callId))
          .findFirst();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** {@code callmail_call_records_dead} as /metrics shows it. */
  private static long deadMetric() {
    try {
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + Integer.getInteger("callmail.it.http-port")
                                  + "/metrics"))
                      .timeout(Duration.ofSeconds(15))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String line =
          metrics
              .body()
              .lines()
              .filter(l -> l.startsWith("callmail_call_records_dead"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no callmail_call_records_dead in /metrics"));
      return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  private static String text(MimeMessage message) throws Exception {
    return ((String) message.getContent()).replace("\r\n", "\n");
  }
}
