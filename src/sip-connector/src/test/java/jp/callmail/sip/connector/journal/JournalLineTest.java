package jp.callmail.sip.connector.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.WithheldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalLineTest {

  static CallCompletedRecord record(String callId) {
    return new CallCompletedRecord(
        callId,
        "0312345678",
        Instant.parse("2025-01-02T03:04:05.123456789Z"),
        "0612345678",
        WithheldReason.NONE,
        7,
        CallOutcome.ANSWERED);
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
    assertThat(line.split("\t", -1)).hasSize(10);
    JournalLine.Parsed parsed = JournalLine.parse(line);
    assertThat(parsed).isEqualTo(new JournalLine.Entry(42, record(callId)));
  }

  @Test
  void aLongCallIdOfEveryTokenCharacterReadsBack() {
    String tokenChars = "-.!%*_+`'~()<>:\\\"/[]?{}abcXYZ019";
    String callId = tokenChars.repeat(16).substring(0, 500);
    CallCompletedRecord withheld =
        new CallCompletedRecord(
            callId,
            "0312345678",
            Instant.EPOCH,
            "",
            WithheldReason.PAYPHONE,
            0,
            CallOutcome.NOT_ANSWERED);

    JournalLine.Parsed parsed = JournalLine.parse(JournalLine.entry(Long.MAX_VALUE, withheld));

    assertThat(parsed).isEqualTo(new JournalLine.Entry(Long.MAX_VALUE, withheld));
    assertThat(((JournalLine.Entry) parsed).record().callId()).hasSize(500);
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
