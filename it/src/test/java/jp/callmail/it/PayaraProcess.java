package jp.callmail.it;

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

/**
 * Payara Micro started as a process, as server-config/run.sh starts it, with the test boot's
 * options and the built war: for tests that stop and restart the server or its database.
 */
final class PayaraProcess implements AutoCloseable {

  private static final Path WORK =
      Path.of(System.getProperty("callmail.it.work-dir", "target/sipp-runs"));

  private final Process process;
  private final Path log;

  private PayaraProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the server and returns once Payara Micro says it is ready, whether or not its database
   * answers (at most 120 s).
   */
  static PayaraProcess startWithoutDatabase(String name) throws Exception {
    PayaraProcess server = launch(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        throw new AssertionError("Payara Micro exited:\n" + server.log());
      }
      if (server.log().contains(" ready in ")) {
        return server;
      }
      Thread.sleep(500);
    }
    server.close();
    throw new AssertionError("Payara Micro was not ready within 120 s:\n" + server.log());
  }

  /** Starts the server and returns once the provisioning API answers (at most 120 s). */
  static PayaraProcess start(String name) throws Exception {
    PayaraProcess server = launch(name);
    Process process = server.process;
    ApiClient api = ApiClient.operator();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Payara Micro exited:\n" + server.log());
      }
      try {
        if (api.get("/contracts").status() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    server.close();
    throw new AssertionError("Payara Micro did not answer within 120 s:\n" + server.log());
  }

  private static PayaraProcess launch(String name) throws Exception {
    awaitPortsReleased();
    List<String> command =
        new ArrayList<>(List.of("java", "-Xmx512m", "-jar", System.getProperty("payara.microJar")));
    command.addAll(
        Arrays.asList(System.getProperty("payara.extraMicroOptions").trim().split("\\s+")));
    command.addAll(
        List.of(
            "--deploy",
            new File(System.getProperty("callmail.it.deployables"), "callmail.war").getPath()));
    Files.createDirectories(WORK);
    Path log = WORK.resolve("payara-" + name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PayaraProcess(process, log);
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /**
   * SIGTERM, so that Payara's shutdown hook stops the SIP stack and the pools; forcibly after 60 s.
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGKILL (kill -9): no shutdown hook, nothing flushed or closed, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * The previous server (a test's, or the suite's embedded one) may still be letting go of its
   * ports.
   */
  private static void awaitPortsReleased() throws InterruptedException {
    int[] ports = {
      Integer.getInteger("callmail.it.http-port"),
      Integer.getInteger("callmail.it.https-port"),
      Integer.getInteger("callmail.it.sip-port")
    };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      boolean free = true;
      for (int port : ports) {
        try (ServerSocket probe = new ServerSocket()) {
          probe.setReuseAddress(true);
          probe.bind(new InetSocketAddress(port));
        } catch (IOException inUse) {
          free = false;
        }
      }
      if (free) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the server's ports are still in use");
  }
}
