package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test's PostgreSQL cluster (pg_ctlcluster VERSION main), stopped and started by outage tests.
 */
final class PgCluster {

  private PgCluster() {}

  /** pg_ctlcluster VERSION main stop|start, as root or through sudo. */
  static void run(String version, String action) throws Exception {
    List<String> command = new ArrayList<>(List.of("pg_ctlcluster", version, "main", action));
    if (!"root".equals(System.getProperty("user.name"))) {
      command.addAll(0, List.of("sudo", "-n"));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    String output = new String(process.getInputStream().readAllBytes());
    // "start" of a running cluster and "stop" of a stopped one both exit 2: that is fine here.
    assertTrue(process.exitValue() == 0 || process.exitValue() == 2, command + ": " + output);
  }
}
