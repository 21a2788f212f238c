package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.WithheldReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §3 着信状態 and 呼出時間 on one tracked INVITE, with a hand-driven nano clock so that ringing
 * seconds are exact.
 */
class TrackedCallTest {

  private static final String CALL_ID = "a84b4c76e66710@pc33.example.ne.jp";
  private static final String CALLED = "0312345678";
  private static final Instant ARRIVED = Instant.parse("2025-04-01T00:15:30Z");

  /** A response without SDP. */
  private static final Supplier<SdpKind> NO_BODY = () -> SdpKind.NONE;

  /** An arbitrary, even negative, origin: System.nanoTime() has no fixed zero. */
  private static final long T0 = -5_000_000_000L;

  /** A monotonic clock the test advances by hand. */
  private static final class ManualClock implements LongSupplier {
    private long nanos = T0;

    @Override
    public long getAsLong() {
      return nanos;
    }

    /** Sets the clock to {@code seconds} after the INVITE arrived. */
    void at(double seconds) {
      nanos = T0 + Math.round(seconds * TimeUnit.SECONDS.toNanos(1));
    }
  }

  private ManualClock clock;

  @BeforeEach
  void newClock() {
    clock = new ManualClock();
  }

  private TrackedCall call(CallerIdentity caller) {
    return new TrackedCall(CALL_ID, CALLED, caller, ARRIVED, clock.getAsLong(), clock);
  }

  private TrackedCall call() {
    return call(CallerIdentity.shown("0612345678"));
  }

  /**
   * Plays a scenario of space separated {@code event@seconds} steps: a status code (with {@code
   * +div} when it carries History-Info/Diversion), {@code CANCEL} or {@code abandon}. Returns the
   * record of the step that ended the call.
   */
  private CallCompletedRecord play(TrackedCall call, String scenario) {
    Optional<CallCompletedRecord> record = Optional.empty();
    for (String step : scenario.trim().split("\\s+")) {
      String[] eventAndTime = step.split("@");
      clock.at(Double.parseDouble(eventAndTime[1]));
      String event = eventAndTime[0];
      Optional<CallCompletedRecord> produced = Optional.empty();
      if (event.equals("CANCEL")) {
        call.cancelled();
      } else if (event.equals("abandon")) {
        produced = call.abandoned();
      } else {
        boolean diversion = event.endsWith("+div");
        int status = Integer.parseInt(diversion ? event.substring(0, event.length() - 4) : event);
        if (status < 200) {
          call.provisional(status, diversion, NO_BODY);
        } else {
          produced = call.finalResponse(status, diversion, NO_BODY);
        }
      }
      if (produced.isPresent()) {
        assertThat(record).as("record produced twice, again at %s", step).isEmpty();
        record = produced;
      }
    }
    assertThat(record).as("record of " + scenario).isPresent();
    return record.get();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}, {2} s")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # scenario (event@seconds after the INVITE)      | outcome      | ringing seconds
          180@0.5 200@12.4                                  | ANSWERED     | 12
          200@0.2                                           | ANSWERED     | 0
          180@1 181@3.0 200@9.99                            | FORWARDED    | 9
          183+div@0.8 200@4.5                               | FORWARDED    | 4
          180@1 200+div@6.0                                 | FORWARDED    | 6
          302@0.3                                           | FORWARDED    | 0
          180@1 302@15.7                                    | FORWARDED    | 15
          486@0.4                                           | NOT_ANSWERED | 0
          180@1 404@2.1                                     | NOT_ANSWERED | 2
          180@1 503@3.2                                     | NOT_ANSWERED | 3
          180@1 603@21.0                                    | NOT_ANSWERED | 21
          # the caller's CANCEL: ringing stops counting at the CANCEL, not at the 487
          180@1.2 CANCEL@7.9 487@8.3                        | NOT_ANSWERED | 7
          180@1 CANCEL@30.0 487@31.5                        | NOT_ANSWERED | 30
          CANCEL@0.3 487@0.4                                | NOT_ANSWERED | 0
          180@1 CANCEL@5.5 CANCEL@9.0 487@9.5               | NOT_ANSWERED | 5
          # CANCEL racing with 200: the callee answered
          180@1 CANCEL@7.9 200@8.1                          | ANSWERED     | 7
          # timer C: the proxy's own CANCEL, then 487 or no final at all
          180@1 CANCEL@180.0 487@180.2                      | NOT_ANSWERED | 180
          180@1 CANCEL@180.0 abandon@212.0                  | NOT_ANSWERED | 180
          abandon@32.0                                      | NOT_ANSWERED | 32
          180@1 abandon@64.5                                | NOT_ANSWERED | 64
          """)
  void outcomeAndRingingSeconds(String scenario, CallOutcome outcome, long ringingSeconds) {
    CallCompletedRecord record = play(call(), scenario);

    assertThat(record.outcome()).isEqualTo(outcome);
    assertThat(record.ringingSeconds()).isEqualTo(ringingSeconds);
  }

  @Test
  void theExampleFromTheBriefCancelAt7Point9SecondsRingsForSevenSeconds() {
    TrackedCall call = call();
    clock.at(1.2);
    call.provisional(180, false, NO_BODY);
    clock.at(7.9);
    call.cancelled();
    clock.at(8.3);
    Optional<CallCompletedRecord> record = call.finalResponse(487, false, NO_BODY);

    assertThat(record)
        .get()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
              assertThat(r.ringingSeconds()).isEqualTo(7);
            });
  }

  @ParameterizedTest(name = "[{index}] then {0}")
  @ValueSource(strings = {"200", "487", "486", "302", "abandon"})
  void theRecordIsProducedExactlyOnce(String second) {
    TrackedCall call = call();
    clock.at(2);
    assertThat(call.finalResponse(200, false, NO_BODY)).isPresent();

    clock.at(3);
    Optional<CallCompletedRecord> again =
        second.equals("abandon")
            ? call.abandoned()
            : call.finalResponse(Integer.parseInt(second), false, NO_BODY);
    assertThat(again).isEmpty();
  }

  @Test
  void aFinalResponseAfterAbandonProducesNothing() {
    TrackedCall call = call();
    clock.at(32);
    assertThat(call.abandoned()).isPresent();
    assertThat(call.finalResponse(487, false, NO_BODY)).isEmpty();
    assertThat(call.abandoned()).isEmpty();
  }

  @Test
  void provisionalResponsesAndCancelAloneProduceNoRecord() {
    TrackedCall call = call();
    clock.at(1);
    call.provisional(180, false, NO_BODY);
    clock.at(2);
    call.cancelled();
    // nothing returned so far; the call ends only with the 487
    clock.at(3);
    assertThat(call.finalResponse(487, false, NO_BODY)).isPresent();
  }

  @Test
  void theRecordCarriesTheCallAsItArrived() {
    TrackedCall call = call(CallerIdentity.shown("0612345678"));
    clock.at(4.2);
    CallCompletedRecord record = call.finalResponse(200, false, NO_BODY).orElseThrow();

    assertThat(record.callId()).isEqualTo(CALL_ID);
    assertThat(record.calledNumber()).isEqualTo(CALLED);
    assertThat(record.callTime())
        .as("call time is the INVITE's arrival, not the end")
        .isEqualTo(ARRIVED);
    assertThat(record.callerNumber()).isEqualTo("0612345678");
    assertThat(record.withheldReason()).isEqualTo(WithheldReason.NONE);
    assertThat(record.ringingSeconds()).isEqualTo(4);
    assertThat(record.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(call.callId()).isEqualTo(CALL_ID);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"PRIVACY", "PAYPHONE", "UNAVAILABLE"})
  void aWithheldCallerHasAReasonAndNoNumber(WithheldReason reason) {
    TrackedCall call = call(new CallerIdentity("0612345678", reason));
    clock.at(1);
    call.cancelled();
    clock.at(1.1);
    CallCompletedRecord record = call.finalResponse(487, false, NO_BODY).orElseThrow();

    assertThat(record.withheldReason()).isEqualTo(reason);
    assertThat(record.callerNumber()).isEmpty();
  }

  @Test
  void theCallerIdentityResolvedFromHeadersIsCarriedIntoTheRecord() {
    CallerIdentity caller =
        CallerIdentityResolver.resolve(
            new Party("Anonymous", "sip:anonymous@anonymous.invalid"),
            new Party(null, "tel:+81612345678"),
            java.util.List.of("id"));
    CallCompletedRecord record = call(caller).abandoned().orElseThrow();

    assertThat(record.withheldReason()).isEqualTo(WithheldReason.PRIVACY);
    assertThat(record.callerNumber()).isEmpty();
  }

  @Test
  void aClockThatDoesNotAdvanceGivesZeroSeconds() {
    TrackedCall call = call();
    assertThat(call.finalResponse(486, false, NO_BODY))
        .get()
        .extracting(CallCompletedRecord::ringingSeconds)
        .isEqualTo(0L);
  }

  @Test
  void ringingSecondsAreNeverNegative() {
    TrackedCall call = call();
    clock.at(-1); // a nano clock must not go back, but the record must survive it
    assertThat(call.finalResponse(200, false, NO_BODY))
        .get()
        .extracting(CallCompletedRecord::ringingSeconds)
        .isEqualTo(0L);
  }

  @Test
  void arrivedNowUsesTheSystemClock() {
    Instant before = Instant.now();
    TrackedCall call = TrackedCall.arrivedNow(CALL_ID, CALLED, CallerIdentity.shown("0612345678"));
    CallCompletedRecord record = call.finalResponse(200, false, NO_BODY).orElseThrow();

    assertThat(record.callTime()).isBetween(before, Instant.now());
    assertThat(record.ringingSeconds()).isZero();
  }

  // ---------------------------------------------------------------- kind (voice or T.38 fax)

  @ParameterizedTest(name = "offer {0}, final {1} with {2} -> {3}")
  @CsvSource({
    // The INVITE offers T.38 and the 2xx accepts it: a fax call.
    "T38, 200, T38, FAX",
    // The callee declines the image stream (port 0) or answers audio: voice.
    "T38, 200, OTHER, VOICE",
    // A missed fax is still a fax call: busy, not answered, cancelled.
    "T38, 486, NONE, FAX",
    "T38, 480, NONE, FAX",
    "T38, 487, NONE, FAX",
    // Audio offers stay voice whatever comes back.
    "OTHER, 200, T38, VOICE",
    "OTHER, 486, NONE, VOICE",
    // A late offer (no SDP in the INVITE) is decided by the ACK, after the record.
    "NONE, 200, T38, VOICE",
    "NONE, 200, OTHER, VOICE",
    "NONE, 603, NONE, VOICE"
  })
  void theRecordsKindFollowsTheInvitesOfferAndItsAnswer(
      SdpKind offer, int status, SdpKind answer, CallKind kind) {
    TrackedCall call = call();
    call.offered(offer);

    CallCompletedRecord record = call.finalResponse(status, false, () -> answer).orElseThrow();

    assertThat(record.kind()).isEqualTo(kind);
    assertThat(call.lateT38Offer())
        .as("the ACK decides")
        .isEqualTo(offer == SdpKind.NONE && status == 200 && answer == SdpKind.T38);
  }

  @Test
  void aFaxCallThatNoFinalResponseEndsIsStillAFaxCall() {
    TrackedCall call = call();
    call.offered(SdpKind.T38);
    call.cancelled();

    assertThat(call.abandoned().orElseThrow().kind()).isEqualTo(CallKind.FAX);
  }

  @Test
  void anAnswerInAReliableProvisionalCountsWhenTheTwoHundredHasNoBody() {
    TrackedCall call = call();
    call.offered(SdpKind.T38);
    call.provisional(183, false, () -> SdpKind.T38);

    assertThat(call.finalResponse(200, false, NO_BODY).orElseThrow().kind())
        .isEqualTo(CallKind.FAX);
  }

  @Test
  void bodiesAreNotReadWhenTheyCannotMatter() {
    TrackedCall call = call();
    call.offered(SdpKind.OTHER);
    Supplier<SdpKind> never =
        () -> {
          throw new AssertionError("body read for an audio call");
        };
    call.provisional(183, false, never);

    assertThat(call.finalResponse(200, false, never).orElseThrow().kind())
        .isEqualTo(CallKind.VOICE);
  }
}
