package jp.callmail.sip.connector.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.WithheldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalLineTest {

  static CallReport record(String callId) {
    return record(callId, CallKind.VOICE);
  }

  static CallReport record(String callId, CallKind kind) {
    return CallReport.of(
        new CallCompletedRecord(
            callId,
            "0312345678",
            Instant.parse("2025-01-02T03:04:05.123456789Z"),
            "0612345678",
            WithheldReason.NONE,
            7,
            CallOutcome.ANSWERED,
            kind));
  }

  static CallReport kindChange(String callId) {
    return CallReport.of(
        new CallKindChange(
            callId, "0312345678", CallKind.FAX, Instant.parse("2025-01-02T03:05:00.5Z")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain@host",
        "cr\rlf\nboth\r\n",
        "tab\there\t",
        "per%cent%0041%",
        "%",
        "%%%%",
        "非通知の発信者@example.jp",
        "emoji \uD83D\uDCDE",
        "lone \uD800 surrogate \uDC00",
        "line\u2028sep\u2029",
        "nul\u0000del\u007F\u0085",
        "trailing%"
      })
  void hostileCallIdsReadBackExactlyAndNeverBreakTheLine(String callId) {
    String line = JournalLine.entry(42, record(callId));

    assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
    assertThat(line.split("\t", -1)).hasSize(11);
    JournalLine.Parsed parsed = JournalLine.parse(line);
    assertThat(parsed).isEqualTo(new JournalLine.Entry(42, record(callId)));
  }

  @Test
  void aLongCallIdOfEveryTokenCharacterReadsBack() {
    String tokenChars = "-.!%*_+`'~()<>:\\\"/[]?{}abcXYZ019";
    String callId = tokenChars.repeat(16).substring(0, 500);
    CallReport withheld =
        CallReport.of(
            new CallCompletedRecord(
                callId,
                "0312345678",
                Instant.EPOCH,
                "",
                WithheldReason.PAYPHONE,
                0,
                CallOutcome.NOT_ANSWERED,
                CallKind.FAX));

    JournalLine.Parsed parsed = JournalLine.parse(JournalLine.entry(Long.MAX_VALUE, withheld));

    assertThat(parsed).isEqualTo(new JournalLine.Entry(Long.MAX_VALUE, withheld));
    assertThat(((JournalLine.Entry) parsed).report().callId()).hasSize(500);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fax@host", "cr\rlf\nboth%", "非通知 \uD83D\uDCE0"})
  void kindChangesReadBackExactly(String callId) {
    String line = JournalLine.entry(43, kindChange(callId));

    assertThat(line).startsWith("K\t43\t").doesNotContain("\n", "\r");
    assertThat(JournalLine.parse(line)).isEqualTo(new JournalLine.Entry(43, kindChange(callId)));
  }

  @Test
  void recordsOfBothKindsReadBack() {
    for (CallKind kind : CallKind.values()) {
      String line = JournalLine.entry(44, record("kind@host", kind));
      assertThat(line.split("\t", -1)[9]).isEqualTo(kind.name());
      assertThat(JournalLine.parse(line))
          .isEqualTo(new JournalLine.Entry(44, record("kind@host", kind)));
    }
  }

  /** A line written before calls had a kind (no kind field), as an older adapter left it. */
  @Test
  void aRecordLineOfTheOldFormatReadsBackAsVoice() {
    String old =
        "R\t7\told@host\t0312345678\t2025-01-02T03:04:05.123456789Z\t0612345678\tNONE\t7\tANSWERED";

    JournalLine.Parsed parsed = JournalLine.parse(old + "\t" + crc(old));

    assertThat(parsed).isEqualTo(new JournalLine.Entry(7, record("old@host", CallKind.VOICE)));
  }

  @Test
  void aKindChangeWithAMissingOrUnknownFieldIsRejected() {
    String line = JournalLine.entry(45, kindChange("k@host"));
    String body = line.substring(0, line.lastIndexOf('\t'));
    String shorter = body.substring(0, body.lastIndexOf('\t'));
    String unknownKind = body.replace("\tFAX\t", "\tMODEM\t");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> JournalLine.parse(shorter + "\t" + crc(shorter)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JournalLine.parse(unknownKind + "\t" + crc(unknownKind)));
  }

  static String crc(String body) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  @Test
  void doneMarksReadBack() {
    assertThat(JournalLine.parse(JournalLine.done(9))).isEqualTo(new JournalLine.Done(9));
  }

  @Test
  void aTornOrAlteredLineIsRejected() {
    String line = JournalLine.entry(1, record("abc@host"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> JournalLine.parse(line.substring(0, line.length() / 2)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JournalLine.parse(line.replace("0312345678", "0312345679")));
    assertThatIllegalArgumentException().isThrownBy(() -> JournalLine.parse("\u0000\u0000\u0000"));
    assertThatIllegalArgumentException().isThrownBy(() -> JournalLine.parse(""));
  }

  @Test
  void anUnknownKindOfLineIsRejectedEvenWithAValidChecksum() {
    String done = JournalLine.done(5);
    String body = "X" + done.substring(1, done.lastIndexOf('\t'));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> JournalLine.parse(body + "\t" + String.format("%08x", crc.getValue())))
        .withMessageContaining("unknown kind");
  }
}
