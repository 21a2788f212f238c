package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No call record is lost to a database outage (SPEC §3): PostgreSQL stops while calls go on, the
 * server is killed and started again while the database is still down (the SIP connector, its
 * journal and the application come up), and once the database returns, without another restart,
 * every call is in the call log exactly once and mailed exactly once. PostgreSQL pass only: it
 * stops and starts the test cluster.
 */
class DatabaseOutageIT {

  private static final String CLUSTER = System.getProperty("callmail.it.pg-cluster", "");
  private static final int CALLS_BEFORE = 10;
  private static final int CALLS_DURING = 10;
  private static final String ADDRESS = "outage@callmail.test";

  private PayaraProcess server;
  private GreenMail smtp;

  @AfterEach
  void cleanUp() throws Exception {
    if (server != null) {
      server.close();
    }
    if (!CLUSTER.isBlank()) {
      pgCluster("start");
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void callsDuringAnOutageAcrossARestartAreRecordedAndMailedOnceWhenTheDatabaseReturns()
      throws Exception {
    Assumptions.assumeFalse(
        CLUSTER.isBlank(), "PostgreSQL pass only (it/run-tests.sh sets callmail.it.pg-cluster)");
    smtp = ClientSide.startSmtp();
    server = PayaraProcess.start("outage-first");
    ApiClient api = ApiClient.operator();
    ApiClient.Reply contract =
        api.post("/contracts", "{\"code\":\"IT-OUTAGE\",\"name\":\"障害テスト\"}");
    assertTrue(contract.status() == 201 || contract.status() == 409, contract.text());
    Sipp callee =
        Sipp.callee("outage", "uas-busy.xml")
            .option("-m", String.valueOf(CALLS_BEFORE + CALLS_DURING));
    String number = "0344440003";
    assertEquals(
        201,
        api.post(
                "/lines",
                "{\"number\":\""
                    + number
                    + "\",\"contract\":\"IT-OUTAGE\","
                    + "\"downstreamRoute\":\""
                    + callee.routeUri()
                    + "\"}")
            .status());
    assertEquals(
        200,
        api.put(
                "/lines/" + number + "/settings",
                "{\"active\":true,\"recipients\":[{\"address\":\""
                    + ADDRESS
                    + "\",\"send\":true}]}")
            .status());
    String prefix = "it-outage-" + System.nanoTime() + "-";
    callee.start();

    placeCalls(number, prefix + "a-", CALLS_BEFORE);
    Await.until(
        "the first calls in the call log",
        () -> api.callIds(number, prefix).size() >= CALLS_BEFORE);

    pgCluster("stop");
    placeCalls(
        number, prefix + "b-", CALLS_DURING); // the line table still routes them: calls go on
    assertEquals(0, callee.await(), callee::transcript);
    server.kill(); // a crash while the records of the last calls can only be in the journal
    // A start with the database still down: the SIP connector comes up with the journal and the
    // application deploys all the same, taking the records once the database is back, without
    // another restart.
    server = PayaraProcess.startWithoutDatabase("outage-second");
    Await.until(
        "the journal reopened with the records the application never took",
        java.time.Duration.ofSeconds(30),
        () -> logContains(server, "records pending"));
    assertTrue(
        logContains(server, "callmail was successfully deployed"),
        "the application deployed without its database");
    Thread.sleep(TimeUnit.SECONDS.toMillis(10));
    pgCluster("start");

    int calls = CALLS_BEFORE + CALLS_DURING;
    Await.until(
        "all " + calls + " calls in the call log after the database returned",
        java.time.Duration.ofSeconds(180),
        () -> api.callIds(number, prefix).size() >= calls);
    Await.until(
        "a mail for every call",
        java.time.Duration.ofSeconds(120),
        () -> mailsTo(ADDRESS).size() >= calls);
    Thread.sleep(5000); // past further replays and outbox polls: a duplicate would show now
    Map<String, Integer> logged = api.callIds(number, prefix);
    assertEquals(calls, logged.size(), "every call recorded: " + logged.keySet());
    logged.forEach((callId, times) -> assertEquals(1, times, "recorded once: " + callId));
    List<MimeMessage> mails = mailsTo(ADDRESS);
    Set<String> messageIds = new HashSet<>();
    for (MimeMessage mail : mails) {
      messageIds.add(mail.getMessageID());
    }
    assertEquals(calls, mails.size(), "one mail per call");
    assertEquals(calls, messageIds.size(), "no mail twice");
    ApiClient.Reply dead = api.get("/call-records/dead");
    assertEquals(200, dead.status(), dead.text());
    assertTrue(
        dead.object().getJsonArray("deadLetters").getValuesAs(JsonObject.class).stream()
            .noneMatch(d -> d.getString("callId", "").startsWith(prefix)),
        "an outage is no refusal: nothing dead-lettered " + dead.text());
  }

  private static boolean logContains(PayaraProcess server, String text) {
    try {
      return server.log().contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void placeCalls(String number, String prefix, int count) throws Exception {
    Sipp caller =
        Sipp.caller(
                "outage-" + prefix.substring(prefix.length() - 2, prefix.length() - 1),
                "uac-expect-error.xml",
                Integer.getInteger("callmail.it.sip-port"),
                number,
                prefix + "%u")
            .option(
                "-key",
                "from_hdr",
                "<sip:0612345678@127.0.0.1>",
                "-set",
                "expect_code",
                "486",
                "-m",
                String.valueOf(count),
                "-r",
                "10",
                "-l",
                "10");
    caller.start();
    try {
      assertEquals(0, caller.await(), caller::transcript);
    } finally {
      caller.stop();
    }
  }

  private List<MimeMessage> mailsTo(String address) {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      try {
        if (mail.getAllRecipients()[0].toString().equals(address)) {
          found.add(mail);
        }
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }

  private static void pgCluster(String action) throws Exception {
    PgCluster.run(CLUSTER, action);
  }
}
