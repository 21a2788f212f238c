package jp.callmail.domain.model.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;
import org.junit.jupiter.api.Test;

/**
 * A call log row can be made of whatever the SIP connector reports, and finds its Call-ID by hash.
 */
class CallLogEntryTest {

  private static final Instant AT = Instant.parse("2026-11-25T14:59:08Z");
  private final ServiceLine line =
      new ServiceLine(new Contract("C-1", "テスト"), "0312345678", null, ZoneId.of("Asia/Tokyo"));

  private static CompletedCall record(String callId, String caller, WithheldReason reason) {
    return new CompletedCall(callId, "0312345678", AT, caller, reason, 3, CallOutcome.NOT_ANSWERED);
  }

  @Test
  void aLongCallIdIsKeptWholeAndFoundByItsSha256() {
    String callId = "a".repeat(401) + "@host";
    CallLogEntry entry = new CallLogEntry(line, record(callId, "0612345678", WithheldReason.NONE));
    assertThat(entry.getCallId()).isEqualTo(callId).hasSize(406);
    assertThat(entry.getCallIdHash())
        .isEqualTo(CallIdHash.of(callId))
        .hasSize(64)
        .matches("[0-9a-f]{64}");
  }

  @Test
  void theHashIsSha256OfTheUtf8Bytes() {
    // sha256("abc"), FIPS 180-2 appendix B.1
    assertThat(CallIdHash.of("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(CallIdHash.of("着信@example")).isNotEqualTo(CallIdHash.of("着信@examplf"));
  }

  @Test
  void anAbsurdCallerIsRecordedAsNotAvailableAndTheRulesSeeItSo() {
    CallLogEntry entry = new CallLogEntry(line, record("x@h", "1".repeat(40), WithheldReason.NONE));
    assertThat(entry.getCallerNumber()).isEmpty();
    assertThat(entry.getWithheldReason()).isEqualTo(WithheldReason.UNAVAILABLE);
    assertThat(entry.asRecorded().callerNumber()).isEmpty();
    assertThat(entry.asRecorded().withheldReason()).isEqualTo(WithheldReason.UNAVAILABLE);
    assertThat(entry.asRecorded().callId()).isEqualTo("x@h");
  }

  @Test
  void theCalledNumberIsTheLinesAndTheTimeIsShownInItsZone() {
    CallLogEntry entry = new CallLogEntry(line, record("x@h", "0612345678", WithheldReason.NONE));
    assertThat(entry.getCalledNumber()).isEqualTo("0312345678");
    assertThat(entry.localCallTime()).isEqualTo("2026/11/25 23:59:08");
    assertThat(entry.caller()).isEqualTo(new CallerId("0612345678", WithheldReason.NONE));
  }

  @Test
  void aCallIsVoiceUntilItsRecordOrALaterChangeSaysFaxAndNeverTurnsBack() {
    CallLogEntry entry = new CallLogEntry(line, record("k@h", "0612345678", WithheldReason.NONE));
    assertThat(entry.getKind()).isEqualTo(CallKind.VOICE);

    assertThat(entry.changeKind(CallKind.FAX)).isTrue();
    assertThat(entry.getKind()).isEqualTo(CallKind.FAX);
    assertThat(entry.asRecorded().kind()).isEqualTo(CallKind.FAX);

    assertThat(entry.changeKind(CallKind.FAX)).as("delivered again").isFalse();
    assertThat(entry.changeKind(CallKind.VOICE)).isFalse();
    assertThat(entry.getKind()).isEqualTo(CallKind.FAX);
  }

  @Test
  void aFaxRecordIsLoggedAsFax() {
    CallLogEntry entry =
        new CallLogEntry(
            line, record("f@h", "0612345678", WithheldReason.NONE).withKind(CallKind.FAX));
    assertThat(entry.getKind()).isEqualTo(CallKind.FAX);
    assertThat(entry.changeKind(CallKind.FAX)).isFalse();
  }
}
