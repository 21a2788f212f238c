package jp.callmail.infrastructure.mail;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.MailDispatch;

/**
 * Hands claimed outbox rows to the mail server and records the replies: per batch, one claiming
 * transaction, the mails over one SMTP connection, and one transaction recording every outcome.
 * Runs outside transactions: a slow mail server never holds a database lock.
 */
@ApplicationScoped
public class MailDispatcher implements MailDispatch {

  private static final Logger LOG = Logger.getLogger(MailDispatcher.class.getName());
  private static final int MAX_PER_RUN = 2000;

  @Resource(lookup = "mail/callmail")
  private Session session;

  @Inject private OutboxStore store;
  @Inject private MailSettings settings;
  @Inject private RetrySchedule retrySchedule;
  @Inject private DispatchSettings dispatchSettings;

  /**
   * Sends the given rows now, on a connection of their own, if they are still due and nobody else
   * has claimed them; returns once their outcomes are recorded (a test mail shows its reply).
   */
  @Override
  public void dispatch(List<Long> ids) {
    try (SmtpConnection connection = new SmtpConnection(session)) {
      deliver(connection, store.claim(Optional.of(ids), ids.size(), dispatchSettings.lease()));
    }
  }

  /** Sends everything due (retries, rows left over by a restart); returns how many were tried. */
  public int dispatchDue() {
    int batchSize = dispatchSettings.batchSize();
    int total = 0;
    try (SmtpConnection connection = new SmtpConnection(session)) {
      List<PreparedMail> batch;
      do {
        batch = store.claim(Optional.empty(), batchSize, dispatchSettings.lease());
        deliver(connection, batch);
        total += batch.size();
      } while (batch.size() == batchSize && total < MAX_PER_RUN);
    }
    return total;
  }

  /**
   * A channel for one of the {@link CoalescingSender}'s drainers: its SMTP connection is opened by
   * the first batch and kept until the channel is closed.
   */
  public CoalescingSender.Channel openChannel() {
    SmtpConnection connection = new SmtpConnection(session);
    return new CoalescingSender.Channel() {
      @Override
      public void send(List<Long> ids) {
        deliver(connection, store.claim(Optional.of(ids), ids.size(), dispatchSettings.lease()));
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private void deliver(SmtpConnection connection, List<PreparedMail> batch) {
    if (batch.isEmpty()) {
      return;
    }
    new BatchSender(session, settings)
        .send(connection, batch, dispatchSettings.recordEvery(), this::record);
  }

  /**
   * Records a batch's outcomes in one transaction; should that fail, row by row, so that one row
   * that cannot be recorded does not leave the others to be sent again when their lease ends.
   */
  private void record(List<MailAttempt> attempts) {
    try {
      store.recordAll(attempts, retrySchedule);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Recording "
              + attempts.size()
              + " mail outcomes at once failed; recording them one by one",
          e);
      for (MailAttempt attempt : attempts) {
        try {
          store.record(attempt.id(), attempt.outcome(), retrySchedule);
        } catch (RuntimeException again) {
          LOG.log(
              Level.SEVERE,
              "mail "
                  + attempt.id()
                  + ": outcome "
                  + attempt.outcome().status()
                  + " "
                  + attempt.outcome().reply()
                  + " not recorded; the mail is tried again when its lease ends",
              again);
        }
      }
    }
  }
}
