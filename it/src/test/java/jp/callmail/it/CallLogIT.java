package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.inject.Inject;
import java.io.File;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.WithheldReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls placed by a sipp caller through the deployed SIP connector to a sipp callee, each checked
 * in the call log row the application wrote: all seven fields of SPEC §3. One Payara Micro boot
 * serves every scenario.
 */
@ExtendWith(ArquillianExtension.class)
class CallLogIT {

  private static final String CALLER = "<sip:0612345678@127.0.0.1;user=phone>";

  @Inject private ItDatabase db;

  @Deployment
  static WebArchive deployment() {
    File war = new File(System.getProperty("callmail.it.deployables"), "callmail.war");
    return ShrinkWrap.create(ZipImporter.class, "callmail.war")
        .importFrom(war)
        .as(WebArchive.class)
        .addClasses(Sipp.class, ItDatabase.class);
  }

  @Test
  void answeredCallIsLoggedWhenAnsweredWithItsRingingTime() throws Exception {
    Instant before = Instant.now();
    CallLogEntry row =
        call(
            "answered",
            "0311110001",
            "uas-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "2000"},
            new String[] {"-d", "500", "-key", "from_hdr", CALLER});
    assertRow(row, "0311110001", "0612345678", WithheldReason.NONE, 2, CallOutcome.ANSWERED);
    assertTrue(
        !row.getCallTime().isBefore(before.minusSeconds(1))
            && row.getCallTime().isBefore(Instant.now()),
        "call time is the INVITE's arrival: " + row.getCallTime());
    assertEquals(
        CallLogEntry.CALL_TIME_FORMAT.format(row.getCallTime().atZone(ZoneId.of("Asia/Tokyo"))),
        row.localCallTime());
  }

  @Test
  void answeredCallOverTcp() throws Exception {
    CallLogEntry row =
        call(
            "answered-tcp",
            "0311110002",
            "uas-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "1000", "-t", "t1"},
            new String[] {"-d", "500", "-t", "t1", "-key", "from_hdr", "<tel:+81-6-1234-5678>"});
    assertRow(row, "0311110002", "0612345678", WithheldReason.NONE, 1, CallOutcome.ANSWERED);
  }

  @Test
  void callerCancelWhileRingingIsNotAnswered() throws Exception {
    CallLogEntry row =
        call(
            "cancel",
            "0311110003",
            "uas-ring-forever.xml",
            "uac-cancel.xml",
            new String[] {},
            new String[] {
              "-d", "2000", "-key", "from_hdr", "<sip:+81612345678@127.0.0.1;user=phone>"
            });
    assertRow(row, "0311110003", "0612345678", WithheldReason.NONE, 2, CallOutcome.NOT_ANSWERED);
  }

  @Test
  void busyIsNotAnswered() throws Exception {
    CallLogEntry row =
        call(
            "busy",
            "0311110004",
            "uas-busy.xml",
            "uac-expect-error.xml",
            new String[] {"-d", "1000"},
            new String[] {"-key", "from_hdr", CALLER, "-set", "expect_code", "486"});
    assertRow(row, "0311110004", "0612345678", WithheldReason.NONE, 1, CallOutcome.NOT_ANSWERED);
  }

  @Test
  void redirectIsForwarded() throws Exception {
    CallLogEntry row =
        call(
            "redirect",
            "0311110005",
            "uas-redirect.xml",
            "uac-expect-error.xml",
            new String[] {},
            new String[] {"-key", "from_hdr", CALLER, "-set", "expect_code", "302"});
    assertRow(row, "0311110005", "0612345678", WithheldReason.NONE, 0, CallOutcome.FORWARDED);
  }

  @Test
  void callForwardedThenAnsweredIsForwarded() throws Exception {
    CallLogEntry row =
        call(
            "forwarded",
            "0311110006",
            "uas-forward-then-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "1000"},
            new String[] {"-d", "500", "-key", "from_hdr", CALLER});
    assertRow(row, "0311110006", "0612345678", WithheldReason.NONE, 1, CallOutcome.FORWARDED);
  }

  @Test
  void timerCExpiryCancelsDownstreamAndIsNotAnswered() throws Exception {
    // it.properties sets timer C to 4 s; the callee rings until the proxy cancels it.
    CallLogEntry row =
        call(
            "timer-c",
            "0311110007",
            "uas-ring-forever.xml",
            "uac-expect-error.xml",
            new String[] {},
            new String[] {"-key", "from_hdr", CALLER, "-set", "expect_code", "487"});
    assertRow(row, "0311110007", "0612345678", WithheldReason.NONE, 4, CallOutcome.NOT_ANSWERED);
  }

  @Test
  void anonymousCallerIsWithheldForPrivacy() throws Exception {
    CallLogEntry row =
        call(
            "anonymous",
            "0311110008",
            "uas-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "1000"},
            new String[] {
              "-d",
              "200",
              "-key",
              "from_hdr",
              "\"Anonymous\" <sip:anonymous@anonymous.invalid>",
              "-set",
              "extra_hdr",
              "Privacy: id"
            });
    assertRow(row, "0311110008", "", WithheldReason.PRIVACY, 1, CallOutcome.ANSWERED);
  }

  @Test
  void payphoneCallerIsWithheldAsPayphone() throws Exception {
    CallLogEntry row =
        call(
            "payphone",
            "0311110009",
            "uas-busy.xml",
            "uac-expect-error.xml",
            new String[] {"-d", "1000"},
            new String[] {
              "-key",
              "from_hdr",
              "\"Coin line/payphone\" <sip:anonymous@anonymous.invalid>",
              "-set",
              "expect_code",
              "486"
            });
    assertRow(row, "0311110009", "", WithheldReason.PAYPHONE, 1, CallOutcome.NOT_ANSWERED);
  }

  @Test
  void unavailableCallerIsWithheldAsOutOfArea() throws Exception {
    CallLogEntry row =
        call(
            "unavailable",
            "0311110010",
            "uas-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "1000"},
            new String[] {
              "-d", "200", "-key", "from_hdr", "\"Unavailable\" <sip:anonymous@anonymous.invalid>"
            });
    assertRow(row, "0311110010", "", WithheldReason.UNAVAILABLE, 1, CallOutcome.ANSWERED);
  }

  @Test
  void assertedIdentityOfTrustedUpstreamWinsOverFrom() throws Exception {
    CallLogEntry row =
        call(
            "asserted",
            "0311110011",
            "uas-answer.xml",
            "uac-call.xml",
            new String[] {"-d", "1000"},
            new String[] {
              "-d",
              "200",
              "-key",
              "from_hdr",
              "<sip:0399999999@127.0.0.1>",
              "-set",
              "extra_hdr",
              "P-Asserted-Identity: <sip:+81455551234@127.0.0.1;user=phone>"
            });
    assertRow(row, "0311110011", "0455551234", WithheldReason.NONE, 1, CallOutcome.ANSWERED);
  }

  @Test
  void anAssertedIdentityFromAPeerThatIsNotUpstreamIsNotBelieved() throws Exception {
    Sipp callee = Sipp.callee("downstream-pai", "uas-answer.xml").option("-d", "1000");
    db.addLine("0311110013", callee.routeUri());
    String callId = "it-downstream-pai-" + UUID.randomUUID();
    Sipp caller =
        Sipp.caller("downstream-pai", "uac-call.xml", proxyPort(), "0311110013", callId)
            .from("127.0.0.3") // a peer, but downstream only (it.properties)
            .option(
                "-d",
                "200",
                "-key",
                "from_hdr",
                "<sip:0399999999@127.0.0.3>",
                "-set",
                "extra_hdr",
                "P-Asserted-Identity: <sip:+81455551234@127.0.0.3;user=phone>");
    runToCompletion(callee, caller);
    assertRow(
        awaitCallLog(callId),
        "0311110013",
        "0399999999",
        WithheldReason.NONE,
        1,
        CallOutcome.ANSWERED);
  }

  @Test
  void aStrangersCallToAWatchedLineIsRefusedAndNeitherRelayedNorLogged() throws Exception {
    Sipp callee = Sipp.callee("stranger", "uas-answer.xml").option("-d", "500");
    db.addLine("0311110014", callee.routeUri());
    String callId = "it-stranger-" + UUID.randomUUID();
    Sipp caller =
        Sipp.caller("stranger", "uac-expect-error.xml", proxyPort(), "0311110014", callId)
            .from("127.0.0.2")
            .option("-key", "from_hdr", CALLER, "-set", "expect_code", "403");
    caller.start();
    try {
      assertEquals(0, caller.await(), caller::transcript);
    } finally {
      caller.stop();
    }
    Thread.sleep(1000); // a record, if wrongly produced, is written within milliseconds
    assertFalse(db.callLog(callId).isPresent(), "a stranger's call must not be logged");
  }

  @Test
  void aRouteToAHostThatIsNoPeerIsRefusedEvenForAWatchedLine() throws Exception {
    db.addLine("0311110015", "sip:127.0.0.1:9");
    String callId = "it-relay-" + UUID.randomUUID();
    // 198.51.100.7 (TEST-NET-2) is no peer: following the Route would make callmail an open relay.
    Sipp caller =
        Sipp.caller("relay", "uac-expect-error.xml", proxyPort(), "0311110015", callId)
            .option(
                "-key",
                "from_hdr",
                CALLER,
                "-set",
                "extra_hdr",
                "Route: <sip:198.51.100.7;lr>",
                "-set",
                "expect_code",
                "403");
    caller.start();
    try {
      assertEquals(0, caller.await(), caller::transcript);
    } finally {
      caller.stop();
    }
    assertFalse(db.callLog(callId).isPresent(), "a refused relay is no call");
  }

  @Test
  void callToUnwatchedNumberIsProxiedButNotLogged() throws Exception {
    Sipp callee = Sipp.callee("unwatched", "uas-answer.xml").option("-d", "500");
    String callId = "it-unwatched-" + UUID.randomUUID();
    db.addLine(
        "0311119999",
        callee.routeUri()); // another number: the callee is reachable via this route only
    Sipp caller =
        Sipp.caller("unwatched", "uac-call.xml", proxyPort(), "0399990000", callId)
            .option(
                "-d",
                "200",
                "-key",
                "from_hdr",
                CALLER,
                "-set",
                "extra_hdr",
                "Route: <" + callee.routeUri() + ";lr>");
    runToCompletion(callee, caller);
    Thread.sleep(1000); // a record, if wrongly produced, is written within milliseconds
    assertFalse(db.callLog(callId).isPresent(), "an unwatched number must not be logged");
  }

  @Test
  void aRouteChangedByAnotherInstanceHoldsAfterTheNextRefresh() throws Exception {
    Sipp callee = Sipp.callee("rerouted", "uas-busy.xml").option("-d", "1000");
    db.addLine("0311110012", "sip:127.0.0.1:9"); // nothing listens there
    db.rerouteInTheDatabaseOnly("0311110012", callee.routeUri());
    Thread.sleep(2500); // it.properties: the line table reads changed lines every second
    String callId = "it-rerouted-" + UUID.randomUUID();
    Sipp caller =
        Sipp.caller("rerouted", "uac-expect-error.xml", proxyPort(), "0311110012", callId)
            .option("-key", "from_hdr", CALLER, "-set", "expect_code", "486");
    runToCompletion(callee, caller);
    assertRow(
        awaitCallLog(callId),
        "0311110012",
        "0612345678",
        WithheldReason.NONE,
        1,
        CallOutcome.NOT_ANSWERED);
  }

  // ---------------------------------------------------------------- helpers

  private CallLogEntry call(
      String name,
      String number,
      String calleeScenario,
      String callerScenario,
      String[] calleeOptions,
      String[] callerOptions)
      throws Exception {
    Sipp callee = Sipp.callee(name, calleeScenario).option(calleeOptions);
    boolean tcp = String.join(" ", calleeOptions).contains("-t t1");
    db.addLine(number, callee.routeUri() + (tcp ? ";transport=tcp" : ""));
    String callId = "it-" + name + "-" + UUID.randomUUID();
    Sipp caller =
        Sipp.caller(name, callerScenario, proxyPort(), number, callId).option(callerOptions);
    runToCompletion(callee, caller);
    return awaitCallLog(callId);
  }

  private static void runToCompletion(Sipp callee, Sipp caller) throws Exception {
    try {
      callee.start();
      caller.start();
      int callerExit = caller.await();
      int calleeExit = callee.await();
      assertEquals(0, callerExit, () -> "caller scenario failed:\n" + caller.transcript());
      assertEquals(0, calleeExit, () -> "callee scenario failed:\n" + callee.transcript());
    } finally {
      caller.stop();
      callee.stop();
    }
  }

  private CallLogEntry awaitCallLog(String callId) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<CallLogEntry> row = db.callLog(callId);
      if (row.isPresent()) {
        return row.get();
      }
      Thread.sleep(100);
    }
    return fail("no call log row for " + callId + " within 10 s");
  }

  private static void assertRow(
      CallLogEntry row,
      String called,
      String caller,
      WithheldReason reason,
      int ringingSeconds,
      CallOutcome outcome) {
    assertEquals(called, row.getCalledNumber(), "着信番号");
    assertEquals(caller, row.getCallerNumber(), "発信者通知番号");
    assertEquals(reason, row.getWithheldReason(), "非通知理由");
    assertEquals(ringingSeconds, row.getRingingSeconds(), "呼出時間");
    assertEquals(outcome, row.getOutcome(), "着信状態");
    assertTrue(row.getCallId().startsWith("it-"), "call-id " + row.getCallId());
  }

  private static int proxyPort() {
    return Integer.getInteger("callmail.sip.port");
  }
}
