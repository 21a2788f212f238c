package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneId;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.call.WithheldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallNoticeTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Test
  void showsTheCallTimeInTheLinesZone() {
    CompletedCall r =
        new CompletedCall(
            "c1",
            "0312345678",
            Instant.parse("2006-01-02T06:04:05.987Z"),
            "0612345678",
            WithheldReason.NONE,
            10,
            CallOutcome.NOT_ANSWERED);

    assertThat(CallNotice.of(r, TOKYO, new MailWords()))
        .isEqualTo(new CallNotice("2006/01/02 15:04:05", "0612345678", "", 10, "応答なし"));
    assertThat(CallNotice.of(r, ZoneId.of("UTC"), new MailWords()).callTime())
        .isEqualTo("2006/01/02 06:04:05");
  }

  @Test
  void aWithheldCallHasNoNumberAndTheReasonsLabel() {
    CompletedCall r =
        new CompletedCall(
            "c2",
            "0312345678",
            Instant.parse("2026-12-31T15:00:00Z"),
            "0612345678",
            WithheldReason.PAYPHONE,
            0,
            CallOutcome.FORWARDED);

    assertThat(CallNotice.of(r, TOKYO, new MailWords()))
        .isEqualTo(new CallNotice("2027/01/01 00:00:00", "", "公衆", 0, "転送"));
  }

  @Test
  void splitsDateAndClock() {
    CallNotice n = new CallNotice("2006/01/02 15:04:05", "", "非通知", 3, "通話");
    assertThat(n.callDate()).isEqualTo("2006/01/02");
    assertThat(n.callClock()).isEqualTo("15:04:05");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2006-01-02 15:04:05",
        "2006/1/2 15:04:05",
        "2006/01/02T15:04:05",
        "2006/01/02 15:04",
        "2006/02/30 00:00:00",
        ""
      })
  void refusesAnyOtherTimeFormat(String callTime) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallNotice(callTime, "", "", 0, "通話"))
        .withMessageStartingWith("callTime is not yyyy/MM/dd HH:mm:ss");
  }

  @Test
  void refusesNegativeRingingAndLineBreaks() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallNotice("2006/01/02 15:04:05", "", "", -1, "通話"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallNotice("2006/01/02 15:04:05", "06\n1", "", 1, "通話"));
  }
}
