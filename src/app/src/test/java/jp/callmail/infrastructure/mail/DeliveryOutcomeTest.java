package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jp.callmail.infrastructure.mail.DeliveryOutcome.Status;
import org.junit.jupiter.api.Test;

class DeliveryOutcomeTest {

  @Test
  void eachOutcomeHasItsStatusAndOnlyTemporaryFailuresAreRetried() {
    DeliveryOutcome sent = DeliveryOutcome.sent("250 2.0.0 Ok: queued as 4F1C2");
    DeliveryOutcome temporary = DeliveryOutcome.temporaryFailure("451 4.3.0 Try again later");
    DeliveryOutcome permanent = DeliveryOutcome.permanentFailure("550 5.1.1 No such user");

    assertThat(sent).isInstanceOf(DeliveryOutcome.Sent.class);
    assertThat(sent.status()).isEqualTo(Status.SENT);
    assertThat(sent.retryable()).isFalse();
    assertThat(temporary).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
    assertThat(temporary.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(temporary.retryable()).isTrue();
    assertThat(permanent).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    assertThat(permanent.status()).isEqualTo(Status.PERMANENT_FAILURE);
    assertThat(permanent.retryable()).isFalse();
  }

  @Test
  void keepsTheReplyOnOneTrimmedLine() {
    DeliveryOutcome outcome =
        DeliveryOutcome.permanentFailure(
            "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                + "550 5.1.1 Please check the address.\n");

    assertThat(outcome.reply())
        .isEqualTo(
            "550-5.1.1 The email account that you tried to reach does not exist."
                + " 550 5.1.1 Please check the address.");
  }

  @Test
  void aMissingReplyIsEmpty() {
    assertThat(DeliveryOutcome.sent(null).reply()).isEmpty();
  }

  @Test
  void outcomesWithTheSameStatusAndReplyAreEqual() {
    assertThat(DeliveryOutcome.temporaryFailure("421 busy"))
        .isEqualTo(DeliveryOutcome.temporaryFailure("421 busy "))
        .isNotEqualTo(DeliveryOutcome.permanentFailure("421 busy"));
  }
}
