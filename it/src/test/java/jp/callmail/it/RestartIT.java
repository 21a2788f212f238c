package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real restart: Payara Micro started as a process (as server-config/run.sh does), a call whose
 * mail cannot go out because the mail server is down, the server stopped, the mail server started,
 * and the server started again — the pending mail must arrive, once.
 */
class RestartIT {

  private static final int SMTP_PORT = Integer.getInteger("callmail.it.smtp-port");

  private PayaraProcess server;
  private GreenMail smtp;

  @AfterEach
  void stopEverything() throws Exception {
    stopServer();
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void mailPendingAtShutdownIsDeliveredAfterTheRestartExactlyOnce() throws Exception {
    startServer("first");
    ApiClient api = ApiClient.operator();
    ApiClient.Reply contract =
        api.post("/contracts", "{\"code\":\"IT-RESTART\",\"name\":\"再起動テスト\"}");
    assertTrue(contract.status() == 201 || contract.status() == 409, contract.text());
    Sipp callee = Sipp.callee("restart", "uas-busy.xml");
    String number = "0344440001";
    assertEquals(
        201,
        api.post(
                "/lines",
                "{\"number\":\""
                    + number
                    + "\",\"contract\":\"IT-RESTART\","
                    + "\"downstreamRoute\":\""
                    + callee.routeUri()
                    + "\"}")
            .status());
    assertEquals(
        200,
        api.put(
                "/lines/" + number + "/settings",
                "{\"active\":true,\"recipients\":[{\"address\":\"restart@callmail.test\",\"send\":true}]}")
            .status());

    Sipp caller =
        Sipp.caller(
                "restart",
                "uac-expect-error.xml",
                Integer.getInteger("callmail.it.sip-port"),
                number,
                "it-restart-" + System.nanoTime())
            .option("-key", "from_hdr", "<sip:0612345678@127.0.0.1>", "-set", "expect_code", "486");
    callee.start();
    caller.start();
    assertEquals(0, caller.await(), caller::transcript);
    assertEquals(0, callee.await(), callee::transcript);
    Await.until("the mail waits for a retry", () -> api.firstMailStatus(number).equals("RETRYING"));

    stopServer();
    smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
    smtp.start();
    startServer("second");

    Await.until(
        "the pending mail after the restart",
        () -> ClientSide.mailsTo(smtp, "restart@callmail.test").size() == 1);
    Await.until("its state SENT", () -> api.firstMailStatus(number).equals("SENT"));
    Thread.sleep(6000); // past a poll and a retry delay: a duplicate would have arrived by now
    assertEquals(
        1, ClientSide.mailsTo(smtp, "restart@callmail.test").size(), "delivered exactly once");
  }

  private void startServer(String name) throws Exception {
    server = PayaraProcess.start("restart-" + name);
  }

  private void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
