package jp.callmail.it;

import static jp.callmail.it.CallsAndMails.placeCall;
import static jp.callmail.it.CallsAndMails.sipPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No doubled mail from a slow relay (issue 12). The test boot's claims hold their rows for a lease
 * of 4 s (it.properties) and the outbox poller claims every 5 s whatever is due, so a relay slower
 * than the lease sets two senders on the same rows: the one that claimed them first, and the poller
 * once the lease has run out. The relay here names the session of each mail it accepts, so the test
 * sees which sender delivered a mail and whose reply the outbox kept.
 */
@ExtendWith(ArquillianExtension.class)
class SlowRelayIT {

  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final String CALLER = "<sip:0612345678@127.0.0.1;user=phone>";
  private static int lineSequence = 0;

  private final ApiClient api = ApiClient.operator();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @BeforeAll
  static void contract() throws Exception {
    ApiClient.Reply created =
        ApiClient.operator().post("/contracts", "{\"code\":\"IT-SLOW\",\"name\":\"低速中継テスト株式会社\"}");
    assertTrue(created.status() == 201 || created.status() == 409, created.text());
  }

  /**
   * The relay holds back its greeting and its EHLO reply to the first sender, 8 s each (under the
   * test boot's 10 s read timeout), for longer than the lease and the next poll together: the
   * poller claims the row meanwhile and delivers it over a session of its own. When the first
   * sender is finally greeted, it finds its lease gone and sends nothing; the row keeps the
   * poller's reply.
   */
  @Test
  void aSenderThatOutlivedItsLeaseSendsNothingAndTheTakerOversReplyStands() throws Exception {
    String number =
        newLine(
            "sip:127.0.0.1:9",
            "{\"recipients\":[{\"address\":\"stall@callmail.test\",\"send\":true}]}");
    Thread.sleep(2_000); // senders of earlier tests have closed their connections (keep-alive 1 s)
    try (StallingSmtpServer relay =
        new StallingSmtpServer(ClientSide.SMTP_PORT, Duration.ofSeconds(8), Duration.ZERO)) {
      ApiClient.Reply reply =
          api.post("/lines/" + number + "/test-mail", "{\"address\":\"stall@callmail.test\"}");
      assertEquals(200, reply.status(), reply.text());
      long id = reply.object().getJsonNumber("id").longValue();

      Await.until("the first sender greeted at last", Duration.ofSeconds(40), relay::firstGreeted);
      Await.until(
          "the mail delivered and recorded",
          Duration.ofSeconds(30),
          () -> "SENT".equals(mail(id).getString("status")));
      Thread.sleep(LEASE.toMillis() + 6_000); // a doubled mail, a later poll, would show by now

      List<StallingSmtpServer.Accepted> mails = relay.acceptedFor("stall@callmail.test");
      assertEquals(1, mails.size(), () -> "delivered exactly once: " + relay.accepted());
      assertTrue(mails.get(0).session() > 1, () -> "not by the stalled sender: " + mails);
      JsonObject recorded = mail(id);
      assertEquals("SENT", recorded.getString("status"), recorded.toString());
      assertEquals(mails.get(0).reply(), recorded.getString("lastReply"), recorded.toString());
      assertEquals(1, recorded.getInt("attempts"), recorded.toString());
    }
  }

  /**
   * A relay that takes 3 s over each mail: a batch of four takes 12 s, outlasting the 4 s lease by
   * more than a poll interval, so the poller would take the rows over had their sender not renewed
   * the lease between mails. Each mail arrives once, all four over the one session of the sender
   * that claimed them, and each row keeps its reply.
   */
  @Test
  void aSlowButWorkingRelayGetsALongBatchOnceOverOneSessionAsItsLeaseIsRenewed() throws Exception {
    Sipp callee = Sipp.callee("slow-relay", "uas-busy.xml");
    String number =
        newLine(
            callee.routeUri(),
            """
            {"active":true,"recipients":[
              {"address":"slow1@callmail.test","send":true},
              {"address":"slow2@callmail.test","send":true},
              {"address":"slow3@callmail.test","send":true},
              {"address":"slow4@callmail.test","send":true}]}""");
    Thread.sleep(2_000); // senders of earlier tests have closed their connections (keep-alive 1 s)
    try (StallingSmtpServer relay =
        new StallingSmtpServer(ClientSide.SMTP_PORT, Duration.ZERO, Duration.ofSeconds(3))) {
      placeCall(
          callee,
          Sipp.caller("slow-relay", "uac-expect-error.xml", sipPort(), number, "it-slow-" + number)
              .option("-key", "from_hdr", CALLER, "-set", "expect_code", "486"));

      Await.until(
          "four mails recorded SENT",
          Duration.ofSeconds(40),
          () -> {
            List<JsonObject> rows = mails(number);
            return rows.size() == 4
                && rows.stream().allMatch(row -> "SENT".equals(row.getString("status")));
          });
      Thread.sleep(LEASE.toMillis() + 6_000); // a doubled mail, a later poll, would show by now

      // only this line's mails: a retry left over by an earlier test class may reach this relay too
      List<StallingSmtpServer.Accepted> accepted =
          relay.accepted().stream().filter(mail -> mail.recipient().startsWith("slow")).toList();
      Map<String, List<StallingSmtpServer.Accepted>> byRecipient =
          accepted.stream().collect(Collectors.groupingBy(StallingSmtpServer.Accepted::recipient));
      assertEquals(4, accepted.size(), () -> "four mails, each once: " + accepted);
      assertEquals(4, byRecipient.size(), () -> "four mails, each once: " + accepted);
      assertEquals(
          1,
          accepted.stream().map(StallingSmtpServer.Accepted::session).distinct().count(),
          () -> "one sender, its lease renewed, sent the whole batch: " + accepted);
      for (JsonObject row : mails(number)) {
        String recipient = row.getString("recipient");
        assertEquals(
            byRecipient.get(recipient).get(0).reply(), row.getString("lastReply"), row.toString());
        assertEquals(1, row.getInt("attempts"), row.toString());
      }
    }
  }

  private JsonObject mail(long id) {
    try {
      return api.get("/mails/" + id).object();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mails of the line's latest call. */
  private List<JsonObject> mails(String number) {
    try {
      ApiClient.Reply calls = api.get("/lines/" + number + "/calls");
      if (calls.status() != 200 || calls.array().isEmpty()) {
        return List.of();
      }
      return calls.array().getJsonObject(0).getJsonArray("mails").stream()
          .map(JsonValue::asJsonObject)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String newLine(String route, String settingsJson) throws Exception {
    String number = String.format("03446%05d", ++lineSequence);
    ApiClient.Reply line =
        api.post(
            "/lines",
            "{\"number\":\""
                + number
                + "\",\"contract\":\"IT-SLOW\",\"downstreamRoute\":\""
                + route
                + "\"}");
    assertEquals(201, line.status(), line.text());
    ApiClient.Reply settings = api.put("/lines/" + number + "/settings", settingsJson);
    assertEquals(200, settings.status(), settings.text());
    return number;
  }
}
