package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.WithheldReason;
import org.junit.jupiter.api.Test;

/** The mail's words, exactly as SPEC §3 writes them; the resource is read as UTF-8. */
class MailWordsTest {

  private final MailWords words = new MailWords();

  @Test
  void outcomes() {
    assertThat(words.outcome(CallOutcome.ANSWERED)).isEqualTo("通話");
    assertThat(words.outcome(CallOutcome.FORWARDED)).isEqualTo("転送");
    assertThat(words.outcome(CallOutcome.NOT_ANSWERED)).isEqualTo("応答なし");
  }

  @Test
  void withheldReasons() {
    assertThat(words.withheldReason(WithheldReason.NONE)).isEmpty();
    assertThat(words.withheldReason(WithheldReason.PRIVACY)).isEqualTo("非通知");
    assertThat(words.withheldReason(WithheldReason.PAYPHONE)).isEqualTo("公衆");
    assertThat(words.withheldReason(WithheldReason.UNAVAILABLE)).isEqualTo("表示圏外");
  }
}
