package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real restart: Payara Micro started as a process (as server-config/run.sh does), a call whose
 * mail cannot go out because the mail server is down, the server stopped, the mail server started,
 * and the server started again — the pending mail must arrive, once.
 */
class RestartIT {

  private static final int SMTP_PORT = Integer.getInteger("callmail.it.smtp-port");
  private static final Path WORK = Path.of(System.getProperty("callmail.it.work-dir", "target/sipp-runs"));

  private Process server;
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
    ApiClient.Reply contract = api.post("/contracts", "{\"code\":\"IT-RESTART\",\"name\":\"再起動テスト\"}");
    assertTrue(contract.status() == 201 || contract.status() == 409, contract.text());
    Sipp callee = Sipp.callee("restart", "uas-busy.xml");
    String number = "0344440001";
    assertEquals(201, api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-RESTART\","
        + "\"downstreamRoute\":\"" + callee.routeUri() + "\"}").status());
    assertEquals(200, api.put("/lines/" + number + "/settings",
        "{\"active\":true,\"recipients\":[{\"address\":\"restart@callmail.test\",\"send\":true}]}").status());

    Sipp caller = Sipp.caller("restart", "uac-expect-error.xml", Integer.getInteger("callmail.it.sip-port"), number,
        "it-restart-" + System.nanoTime()).option("-key", "from_hdr", "<sip:0612345678@127.0.0.1>", "-set", "expect_code", "486");
    callee.start();
    caller.start();
    assertEquals(0, caller.await(), caller::transcript);
    assertEquals(0, callee.await(), callee::transcript);
    await("the mail waits for a retry", () -> mailStatus(api, number).equals("RETRYING"));

    stopServer();
    smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
    smtp.start();
    startServer("second");

    await("the pending mail after the restart", () -> smtp.getReceivedMessages().length == 1);
    await("its state SENT", () -> mailStatus(api, number).equals("SENT"));
    Thread.sleep(6000); // past a poll and a retry delay: a duplicate would have arrived by now
    assertEquals(1, smtp.getReceivedMessages().length, "delivered exactly once");
  }

  private static String mailStatus(ApiClient api, String number) {
    try {
      ApiClient.Reply calls = api.get("/lines/" + number + "/calls");
      if (calls.status() != 200 || calls.array().isEmpty()
          || calls.array().getJsonObject(0).getJsonArray("mails").isEmpty()) {
        return "";
      }
      return calls.array().getJsonObject(0).getJsonArray("mails").getJsonObject(0).getString("status");
    } catch (Exception e) {
      return "";
    }
  }

  private void startServer(String name) throws Exception {
    awaitPortsReleased();
    List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", System.getProperty("payara.microJar")));
    command.addAll(Arrays.asList(System.getProperty("payara.extraMicroOptions").trim().split("\\s+")));
    String deployables = System.getProperty("callmail.it.deployables");
    command.addAll(List.of("--deploy", new File(deployables, "callmail.war").getPath()));
    Files.createDirectories(WORK);
    Path log = WORK.resolve("restart-server-" + name + ".log");
    server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ApiClient api = ApiClient.operator();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("Payara Micro exited:\n" + Files.readString(log));
      }
      try {
        if (api.get("/contracts").status() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Payara Micro did not answer within 120 s:\n" + Files.readString(log));
  }

  /** The previous server (this test's, or the suite's embedded one) may still be letting go of its ports. */
  private static void awaitPortsReleased() throws InterruptedException {
    int[] tcpPorts = {Integer.getInteger("callmail.it.http-port"), Integer.getInteger("callmail.it.https-port"),
        Integer.getInteger("callmail.it.sip-port")};
    await("the server's ports to be free", () -> {
      for (int port : tcpPorts) {
        try (ServerSocket probe = new ServerSocket()) {
          probe.setReuseAddress(true);
          probe.bind(new InetSocketAddress(port));
        } catch (IOException inUse) {
          return false;
        }
      }
      return true;
    });
  }

  private void stopServer() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroy(); // SIGTERM: Payara's shutdown hook stops the SIP stack and the pools
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    server = null;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
