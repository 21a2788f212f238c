package jp.callmail.infrastructure.mail;

import java.util.Objects;

/**
 * What one attempt to hand an outbox row to the relay came to, for {@link OutboxStore#recordAll}.
 */
public record MailAttempt(long id, DeliveryOutcome outcome) {

  public MailAttempt {
    Objects.requireNonNull(outcome, "outcome");
  }
}
