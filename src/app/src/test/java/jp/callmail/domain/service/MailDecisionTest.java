package jp.callmail.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;

class MailDecisionTest {

  @Test
  void onlyTheSendDecisionSends() {
    assertThat(MailDecision.SEND.send()).isTrue();
    assertThat(
            List.of(
                MailDecision.STOPPED,
                MailDecision.CALLER_NOT_DESIGNATED,
                MailDecision.WITHHELD_CALLER,
                MailDecision.ANSWERED))
        .allSatisfy(decision -> assertThat(decision.send()).isFalse());
  }

  @Test
  void everyDecisionHasADistinctReason() {
    assertThat(
            List.of(
                MailDecision.SEND,
                MailDecision.STOPPED,
                MailDecision.CALLER_NOT_DESIGNATED,
                MailDecision.WITHHELD_CALLER,
                MailDecision.ANSWERED))
        .extracting(MailDecision::reason)
        .doesNotHaveDuplicates()
        .allSatisfy(reason -> assertThat(reason).isNotBlank());
  }

  @Test
  void refusesABlankOrMissingReason() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MailDecision(false, " "));
    assertThatNullPointerException().isThrownBy(() -> new MailDecision(false, null));
  }
}
