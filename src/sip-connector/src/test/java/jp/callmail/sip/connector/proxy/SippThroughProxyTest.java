package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The it module's sipp scenarios (it/src/test/resources/sipp) as real SIP peers through the real
 * proxy in this JVM: what each call is recorded as, and which kind changes it makes.
 *
 * <p>sipp binds ports and runs processes, so this runs only when asked, under the machine's shared
 * lock: {@code flock -o /tmp/callmail-heavy.lock mvn -B -pl src/sip-connector -am test
 * -Dtest=SippThroughProxyTest -Dcallmail.sipp=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "callmail.sipp", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SippThroughProxyTest {

  private static final Path SCENARIOS = Path.of("../../it/src/test/resources/sipp");
  private static final Path RUNS = Path.of("target/sipp-runs");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ProxyUnderTest proxy;
  private StackLogCapture log;
  private int numbers;

  @BeforeAll
  void start() throws Exception {
    log = new StackLogCapture();
    proxy = ProxyUnderTest.start(null, Duration.ofSeconds(30));
    Files.createDirectories(RUNS);
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (log != null) {
      log.close();
    }
  }

  @ParameterizedTest(name = "{0} -> {1} over {2}")
  @CsvSource({
    "uac-fax.xml,          uas-fax-answer.xml,   udp, FAX,   false",
    "uac-fax.xml,          uas-fax-answer.xml,   tcp, FAX,   false",
    "uac-fax-reinvite.xml, uas-fax-reinvite.xml, udp, VOICE, true",
    "uac-fax-reinvite.xml, uas-fax-reinvite.xml, tcp, VOICE, true",
    "uac-call.xml,         uas-answer.xml,       udp, VOICE, false"
  })
  void scenarioThroughTheProxy(
      String uac, String uas, String transport, CallKind recorded, boolean changesToFax)
      throws Exception {
    String number = String.format(Locale.ROOT, "0312%06d", 900_000 + ++numbers);
    String callId = "sipp-" + UUID.randomUUID() + "@127.0.0.1";
    int uasPort = ProxyUnderTest.freePort();
    int uacPort = ProxyUnderTest.freePort();
    proxy.watch(number, "sip:127.0.0.1:" + uasPort + ";transport=" + transport);
    String run = uac.replace(".xml", "") + "-" + transport;

    Process callee = sipp(run + "-uas", uas, uasPort, transport, List.of());
    Thread.sleep(300); // the callee listens before the caller calls
    Process caller =
        sipp(
            run + "-uac",
            uac,
            uacPort,
            transport,
            List.of(
                "-s",
                number,
                "-cid_str",
                callId,
                "-key",
                "from_hdr",
                "<sip:0612345678@127.0.0.1;user=phone>",
                "127.0.0.1:" + proxy.port));

    assertThat(exit(caller))
        .as("caller sipp exit code (see " + RUNS + "/" + run + "-uac.out)")
        .isZero();
    assertThat(exit(callee))
        .as("callee sipp exit code (see " + RUNS + "/" + run + "-uas.out)")
        .isZero();
    CallCompletedRecord record = proxy.awaitRecord(callId, WAIT);
    assertThat(record.calledNumber()).isEqualTo(number);
    assertThat(record.kind()).as("the record's kind").isEqualTo(recorded);
    if (changesToFax) {
      await("the kind change").atMost(WAIT).until(() -> !proxy.kindChangesFor(callId).isEmpty());
    } else {
      Thread.sleep(300);
    }
    List<CallKindChange> changes = proxy.kindChangesFor(callId);
    assertThat(changes).hasSize(changesToFax ? 1 : 0);
    changes.forEach(c -> assertThat(c.calledNumber()).isEqualTo(number));
    changes.forEach(c -> assertThat(c.kind()).isEqualTo(CallKind.FAX));
    assertThat(proxy.recordsFor(callId)).hasSize(1);
  }

  private static Process sipp(
      String name, String scenario, int port, String transport, List<String> more)
      throws IOException {
    List<String> command =
        new ArrayList<>(
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
                "30s",
                "-timeout_error",
                "-d",
                "300"));
    if (transport.equals("tcp")) {
      command.addAll(List.of("-t", "t1"));
    }
    command.addAll(more);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(RUNS.resolve(name + ".out").toFile())
        .start();
  }

  private static int exit(Process process) throws InterruptedException {
    if (!process.waitFor(40, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
