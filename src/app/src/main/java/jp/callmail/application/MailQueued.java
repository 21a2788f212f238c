package jp.callmail.application;

import java.util.List;

/**
 * CDI event: outbox rows were written in the current transaction. Observed after the transaction
 * commits, so that the mail is handed to SMTP at once rather than at the next poll.
 *
 * @param outboxIds ids of the new outbox rows
 */
public record MailQueued(List<Long> outboxIds) {

  public MailQueued {
    outboxIds = List.copyOf(outboxIds);
  }
}
