package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call record journal across a crash: calls complete, the server is killed with SIGKILL at once
 * (records the application had not taken yet lived only in memory before the journal), and after
 * the restart every call is in the call log exactly once.
 */
class JournalIT {

  private static final int CALLS = 60;

  private PayaraProcess server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void callsCompletedJustBeforeAKillAreRecordedOnceAfterTheRestart() throws Exception {
    server = PayaraProcess.start("journal-first");
    ApiClient api = ApiClient.operator();
    ApiClient.Reply contract =
        api.post("/contracts", "{\"code\":\"IT-JOURNAL\",\"name\":\"ジャーナルテスト\"}");
    assertTrue(contract.status() == 201 || contract.status() == 409, contract.text());
    Sipp callee = Sipp.callee("journal", "uas-busy.xml").option("-m", String.valueOf(CALLS));
    String number = "0344440002";
    assertEquals(
        201,
        api.post(
                "/lines",
                "{\"number\":\""
                    + number
                    + "\",\"contract\":\"IT-JOURNAL\","
                    + "\"downstreamRoute\":\""
                    + callee.routeUri()
                    + "\"}")
            .status());
    // No mail: this test is about call records, and mails left pending in the shared test database
    // would reach the mail servers of the tests that run after it.
    String prefix = "it-journal-" + System.nanoTime() + "-";
    Sipp caller =
        Sipp.caller(
                "journal",
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
                String.valueOf(CALLS),
                "-r",
                "30",
                "-l",
                "20");
    callee.start();
    caller.start();
    assertEquals(0, caller.await(), caller::transcript);
    server.kill(); // right after the last call completed: its record may not have reached the
    // application
    server = null;
    assertEquals(0, callee.await(), callee::transcript);

    server = PayaraProcess.start("journal-second");

    Await.until(
        "all " + CALLS + " calls in the call log",
        () -> api.callIds(number, prefix).size() >= CALLS);
    Thread.sleep(
        5000); // past two replays (journal-replay-seconds=2 in the test boot): a duplicate would
    // show now
    Map<String, Integer> logged = api.callIds(number, prefix);
    assertEquals(CALLS, logged.size(), "every call recorded: " + logged.keySet());
    logged.forEach((callId, times) -> assertEquals(1, times, "recorded once: " + callId));
    assertTrue(server.log().contains("Call record journal"), "the journal was opened on start");
  }
}
