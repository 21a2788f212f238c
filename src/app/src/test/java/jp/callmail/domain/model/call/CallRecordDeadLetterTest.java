package jp.callmail.domain.model.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import jp.callmail.domain.model.Conflict;
import org.junit.jupiter.api.Test;

class CallRecordDeadLetterTest {

  private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
  private static final CompletedCall RECORD =
      new CompletedCall(
          "c".repeat(406),
          "0312345678",
          T0.minusSeconds(30),
          "0612345678",
          WithheldReason.NONE,
          12,
          CallOutcome.FORWARDED);

  @Test
  void keepsEveryFieldToRecordItAgain() {
    CallRecordDeadLetter letter =
        new CallRecordDeadLetter(RECORD, "PersistenceException: check constraint", T0);
    assertThat(letter.record()).isEqualTo(RECORD);
    assertThat(letter.getCallIdHash()).isEqualTo(CallIdHash.of(RECORD.callId()));
    assertThat(letter.getAttempts()).isEqualTo(1);
    assertThat(letter.isResolved()).isFalse();
  }

  @Test
  void cutsWhatExceedsItsColumnsSoThatItCanAlwaysBeWritten() {
    CompletedCall huge =
        new CompletedCall(
            "x".repeat(70_000),
            "9".repeat(300),
            T0,
            "8".repeat(300),
            WithheldReason.NONE,
            0,
            CallOutcome.ANSWERED);
    CallRecordDeadLetter letter = new CallRecordDeadLetter(huge, "r".repeat(5000), T0);
    assertThat(letter.getCallId()).hasSize(CallLogEntry.MAX_CALL_ID);
    assertThat(letter.getCallIdHash()).isEqualTo(CallIdHash.of(huge.callId()));
    assertThat(letter.getCalledNumber()).hasSize(255);
    assertThat(letter.getCallerNumber()).hasSize(255);
    assertThat(letter.getReason()).hasSize(2000);
    assertThat(
            CallerId.of(letter.record().callerNumber(), letter.record().withheldReason())
                .withheldReason())
        .as("a cut caller number is still no number")
        .isEqualTo(WithheldReason.UNAVAILABLE);
  }

  @Test
  void aRetryThatFailsKeepsTheNewestReasonAndASuccessResolvesItOnce() {
    CallRecordDeadLetter letter = new CallRecordDeadLetter(RECORD, "first", T0);
    letter.refusedAgain("second", T0.plusSeconds(60));
    assertThat(letter.getReason()).isEqualTo("second");
    assertThat(letter.getAttempts()).isEqualTo(2);
    assertThat(letter.getLastAttemptAt()).isEqualTo(T0.plusSeconds(60));
    letter.resolve("recorded (retry by operator)", T0.plusSeconds(120));
    assertThat(letter.isResolved()).isTrue();
    assertThat(letter.getAttempts()).isEqualTo(3);
    assertThat(letter.getResolution()).isEqualTo("recorded (retry by operator)");
    assertThatThrownBy(() -> letter.resolve("again", T0.plusSeconds(180)))
        .isInstanceOf(Conflict.class);
    assertThatThrownBy(() -> letter.refusedAgain("again", T0.plusSeconds(180)))
        .isInstanceOf(Conflict.class);
  }
}
