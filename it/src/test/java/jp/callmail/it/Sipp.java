package jp.callmail.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sipp (Debian package sip-tester) as a real SIP peer on loopback: one scenario, one call,
 * bounded in time, its output kept in a file named after the run.
 */
final class Sipp {

  private static final Path SCENARIOS =
      Path.of(System.getProperty("callmail.it.sipp-dir", "src/test/resources/sipp"));
  private static final Path WORK =
      Path.of(System.getProperty("callmail.it.work-dir", "target/sipp-runs"));

  private final String name;
  private final List<String> command = new ArrayList<>();
  private final int port;
  private Process process;

  private Sipp(String name, String scenario, int port) {
    this.name = name;
    this.port = port;
    command.addAll(
        List.of(
            "sipp",
            "-sf",
            SCENARIOS.resolve(scenario).toString(),
            "-i",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-m",
            "1",
            "-nostdin",
            "-timeout",
            "40s",
            "-timeout_error",
            "-trace_err",
            "-trace_msg"));
  }

  /** A callee on a free loopback port. */
  static Sipp callee(String name, String scenario) {
    return new Sipp(name + "-uas", scenario, freePort());
  }

  /** A caller that sends to the proxy at 127.0.0.1:proxyPort. */
  static Sipp caller(
      String name, String scenario, int proxyPort, String calledNumber, String callId) {
    Sipp sipp = new Sipp(name + "-uac", scenario, freePort());
    sipp.command.addAll(List.of("-s", calledNumber, "-cid_str", callId, "127.0.0.1:" + proxyPort));
    return sipp;
  }

  /**
   * Binds sipp to another loopback address: 127.0.0.2 is no peer of callmail (a stranger),
   * 127.0.0.3 a downstream-only peer (it.properties).
   */
  Sipp from(String address) {
    command.set(command.indexOf("-i") + 1, address);
    return this;
  }

  Sipp option(String... options) {
    command.addAll(List.of(options));
    return this;
  }

  int port() {
    return port;
  }

  String routeUri() {
    return "sip:127.0.0.1:" + port;
  }

  Sipp start() throws IOException {
    Path dir = WORK.resolve(name);
    Files.createDirectories(dir);
    process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sipp.out").toFile())
            .start();
    return this;
  }

  /** Waits for the call to finish and returns sipp's exit code (0: the scenario passed). */
  int await() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** What sipp printed and traced, for assertion messages. */
  String transcript() {
    Path dir = WORK.resolve(name);
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        out.append("== ")
            .append(file.getFileName())
            .append('\n')
            .append(Files.readString(file))
            .append('\n');
      }
    } catch (IOException e) {
      out.append("(no transcript: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }

  void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** A port free for both UDP and TCP on loopback at the time of asking. */
  static int freePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp =
              new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return tcp.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port for sipp");
  }
}
