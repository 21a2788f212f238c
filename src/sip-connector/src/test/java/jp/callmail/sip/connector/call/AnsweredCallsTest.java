package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import org.junit.jupiter.api.Test;

/** The answered calls watched for a switch to T.38, with hand-driven clocks. */
class AnsweredCallsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T07:30:00Z");
  private static final Supplier<SdpKind> T38 = () -> SdpKind.T38;
  private static final Supplier<SdpKind> AUDIO = () -> SdpKind.OTHER;
  private static final Supplier<SdpKind> NO_SDP = () -> SdpKind.NONE;
  private static final Supplier<SdpKind> NEVER =
      () -> {
        throw new AssertionError("a body was read that cannot matter");
      };

  private long nanos = 123_456_789L;

  private AnsweredCalls table(int maxCalls, Duration lifetime) {
    return new AnsweredCalls(
        new AnsweredCalls.Settings(maxCalls, lifetime),
        () -> nanos,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private AnsweredCalls table() {
    return table(100, Duration.ofHours(12));
  }

  private void later(Duration duration) {
    nanos += duration.toNanos();
  }

  private static CallKindChange fax(String callId) {
    return new CallKindChange(callId, "0312345678", CallKind.FAX, NOW);
  }

  @Test
  void aReInviteToT38AcceptedByTheTwoHundredIsReportedOnce() {
    AnsweredCalls calls = table();
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);

    AnsweredCalls.Offer offer = calls.offered("a@host", 2, true, T38);

    assertThat(offer).isNotNull();
    assertThat(calls.offerAnswered(offer, T38)).contains(fax("a@host"));
    AnsweredCalls.Offer again = calls.offered("a@host", 3, true, NEVER);
    assertThat(again).as("already fax: no body read, nothing to watch").isNull();
    assertThat(calls.offerAnswered(offer, T38)).as("a retransmitted 2xx").isEmpty();
  }

  @Test
  void aDeclinedT38OfferChangesNothing() {
    AnsweredCalls calls = table();
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);

    AnsweredCalls.Offer offer = calls.offered("a@host", 2, true, T38);

    assertThat(calls.offerAnswered(offer, AUDIO)).as("port 0 or audio answer").isEmpty();
    AnsweredCalls.Offer retry = calls.offered("a@host", 3, true, T38);
    assertThat(calls.offerAnswered(retry, T38)).contains(fax("a@host"));
  }

  @Test
  void anAudioReInviteOrAnUpdateWithoutSdpIsNotWatched() {
    AnsweredCalls calls = table();
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);

    assertThat(calls.offered("a@host", 2, true, AUDIO)).isNull();
    assertThat(calls.offered("a@host", 3, false, NO_SDP)).isNull();
    assertThat(calls.offered("a@host", 4, false, T38)).as("an UPDATE offering T.38").isNotNull();
  }

  @Test
  void aReInviteWithoutOfferIsDecidedByTheAckOfItsCSeq() {
    AnsweredCalls calls = table();
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);

    AnsweredCalls.Offer offer = calls.offered("a@host", 2, true, NO_SDP);
    assertThat(calls.offerAnswered(offer, T38)).as("the 2xx offers T.38").isEmpty();

    assertThat(calls.acknowledged("a@host", 1, NEVER)).as("the ACK of another INVITE").isEmpty();
    assertThat(calls.acknowledged("a@host", 2, T38)).contains(fax("a@host"));
    assertThat(calls.acknowledged("a@host", 2, NEVER)).as("a retransmitted ACK").isEmpty();
  }

  @Test
  void anAckDecliningTheLateT38OfferChangesNothing() {
    AnsweredCalls calls = table();
    calls.answered("late@host", "0312345678", CallKind.VOICE, 1);

    assertThat(calls.acknowledged("late@host", 1, AUDIO)).isEmpty();
    assertThat(calls.acknowledged("late@host", 1, NEVER)).isEmpty();
  }

  @Test
  void theInitialInvitesLateOfferIsAnsweredByItsAck() {
    AnsweredCalls calls = table();
    calls.answered("late@host", "0312345678", CallKind.VOICE, 1);

    assertThat(calls.acknowledged("late@host", 1, T38)).contains(fax("late@host"));
  }

  @Test
  void aCallAnsweredAsFaxIsNeverReportedAgain() {
    AnsweredCalls calls = table();
    calls.answered("f@host", "0312345678", CallKind.FAX, -1);

    assertThat(calls.offered("f@host", 2, true, NEVER)).isNull();
    assertThat(calls.isTracked("f@host")).isTrue();
  }

  @Test
  void unknownCallsAndEndedCallsReadNoBody() {
    AnsweredCalls calls = table();
    assertThat(calls.offered("unknown@host", 2, true, NEVER)).isNull();
    assertThat(calls.acknowledged("unknown@host", 1, NEVER)).isEmpty();

    calls.answered("a@host", "0312345678", CallKind.VOICE, 1);
    calls.ended("a@host");

    assertThat(calls.isTracked("a@host")).isFalse();
    assertThat(calls.offered("a@host", 2, true, NEVER)).isNull();
    assertThat(calls.acknowledged("a@host", 1, NEVER)).isEmpty();
  }

  @Test
  void aByeWhileTheReInviteIsPendingEndsTheWatch() {
    AnsweredCalls calls = table();
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);
    AnsweredCalls.Offer offer = calls.offered("a@host", 2, true, T38);

    calls.ended("a@host");

    assertThat(calls.offerAnswered(offer, T38)).isEmpty();
  }

  @Test
  void callsExpireAfterTheirLifetime() {
    AnsweredCalls calls = table(100, Duration.ofHours(12));
    calls.answered("old@host", "0312345678", CallKind.VOICE, -1);
    later(Duration.ofHours(6));
    calls.answered("young@host", "0312345678", CallKind.VOICE, -1);
    later(Duration.ofHours(6).minusNanos(1));
    assertThat(calls.isTracked("old@host")).isTrue();

    later(Duration.ofNanos(1));

    assertThat(calls.isTracked("old@host")).isFalse();
    assertThat(calls.offered("old@host", 2, true, NEVER)).isNull();
    assertThat(calls.isTracked("young@host")).isTrue();
    assertThat(calls.size()).isEqualTo(1);
    assertThat(calls.expired()).isEqualTo(1);
    later(Duration.ofHours(6));
    assertThat(calls.size()).isZero();
    assertThat(calls.expired()).isEqualTo(2);
  }

  @Test
  void beyondTheCapTheOldestIsEvictedAndCounted() {
    AnsweredCalls calls = table(3, Duration.ofHours(12));
    for (int i = 1; i <= 5; i++) {
      calls.answered("call-" + i + "@host", "0312345678", CallKind.VOICE, -1);
      later(Duration.ofSeconds(1));
    }

    assertThat(calls.size()).isEqualTo(3);
    assertThat(calls.evicted()).isEqualTo(2);
    assertThat(calls.isTracked("call-1@host")).isFalse();
    assertThat(calls.isTracked("call-2@host")).isFalse();
    assertThat(calls.isTracked("call-3@host")).isTrue();
    assertThat(calls.isTracked("call-5@host")).isTrue();
    assertThat(calls.expired()).isZero();
  }

  @Test
  void aCallIdAnsweredAgainCountsAsTheNewest() {
    AnsweredCalls calls = table(2, Duration.ofHours(12));
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);
    calls.answered("b@host", "0312345678", CallKind.VOICE, -1);
    calls.answered("a@host", "0312345678", CallKind.VOICE, -1);
    calls.answered("c@host", "0312345678", CallKind.VOICE, -1);

    assertThat(calls.isTracked("a@host")).isTrue();
    assertThat(calls.isTracked("b@host")).isFalse();
  }

  @Test
  void aLargeTableStaysFastAndBounded() {
    AnsweredCalls calls = table(100_000, Duration.ofHours(12));
    long start = System.nanoTime();
    for (int i = 0; i < 300_000; i++) {
      calls.answered("call-" + i + "@host", "0312345678", CallKind.VOICE, -1);
      Optional<CallKindChange> none = calls.acknowledged("call-" + (i / 2) + "@host", 1, NEVER);
      assertThat(none).isEmpty();
    }
    assertThat(calls.size()).isEqualTo(100_000);
    assertThat(calls.evicted()).isEqualTo(200_000);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AnsweredCalls.Settings(0, Duration.ofHours(12)))
        .withMessageContaining("answered-calls-max");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AnsweredCalls.Settings(10, Duration.ofSeconds(59)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AnsweredCalls.Settings(10, Duration.ofDays(8)));
    assertThat(AnsweredCalls.Settings.DEFAULTS.maxCalls()).isEqualTo(100_000);
    assertThat(AnsweredCalls.Settings.DEFAULTS.maxLifetime()).isEqualTo(Duration.ofHours(12));
  }
}
