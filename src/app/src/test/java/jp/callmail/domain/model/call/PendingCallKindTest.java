package jp.callmail.domain.model.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;
import org.junit.jupiter.api.Test;

/** A kind change that came before its record is kept once, and its kind is never lost. */
class PendingCallKindTest {

  private static final Instant AT = Instant.parse("2026-11-25T14:59:08Z");
  private final ServiceLine line =
      new ServiceLine(new Contract("C-1", "テスト"), "0312345678", null, ZoneId.of("Asia/Tokyo"));

  @Test
  void isKeyedByTheCallIdsHashAndDeliveredAgainStaysFax() {
    PendingCallKind pending =
        new PendingCallKind(
            line, new CallKindChange("early@h", "0312345678", CallKind.FAX, AT), AT);
    assertThat(pending.getCallIdHash()).isEqualTo(CallIdHash.of("early@h"));

    pending.merge(new CallKindChange("early@h", "0312345678", CallKind.VOICE, AT.plusSeconds(5)));
    assertThat(pending.getKind()).isEqualTo(CallKind.FAX);
    assertThat(pending.getChangedAt()).isEqualTo(AT.plusSeconds(5));
  }

  @Test
  void theRecordTakesThePendingKind() {
    CompletedCall voice =
        new CompletedCall(
            "early@h",
            "0312345678",
            AT,
            "0612345678",
            WithheldReason.NONE,
            2,
            CallOutcome.ANSWERED);
    assertThat(voice.kind()).isEqualTo(CallKind.VOICE);
    assertThat(voice.withKind(voice.kind().and(CallKind.FAX)).kind()).isEqualTo(CallKind.FAX);
    assertThat(CallKind.FAX.and(CallKind.VOICE)).isEqualTo(CallKind.FAX);
    assertThat(CallKind.VOICE.and(CallKind.VOICE)).isEqualTo(CallKind.VOICE);
  }
}
