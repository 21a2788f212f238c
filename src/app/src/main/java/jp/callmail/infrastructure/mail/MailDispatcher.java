package jp.callmail.infrastructure.mail;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.MailDispatch;

/**
 * Hands claimed outbox rows to the mail server and records the replies: per batch, one claiming
 * transaction and the mails over one SMTP connection; each mail's outcome is recorded as soon as
 * the relay replied (or every {@code callmail.mail.dispatch.record-every-millis}), so that an
 * instance that dies mid-batch leaves at most the mail in flight to be sent again. Runs outside
 * transactions: a slow mail server never holds a database lock.
 *
 * <p>The claim's lease is renewed while a long batch is sent ({@link OutboxLease}). Should it be
 * lost all the same (the relay stalled for longer than the lease and another sender claimed the
 * rows), the batch stops, the rows not yet sent that it still holds are released for the next
 * sender, and outcomes are recorded only for rows still held: the other sender's stand.
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
      deliver(connection, store.claim(Optional.of(ids), ids.size(), lease()));
    }
  }

  /** Sends everything due (retries, rows left over by a restart); returns how many were tried. */
  public int dispatchDue() {
    int batchSize = dispatchSettings.batchSize();
    int total = 0;
    try (SmtpConnection connection = new SmtpConnection(session)) {
      List<PreparedMail> batch;
      do {
        ClaimedMails claim = store.claim(Optional.empty(), batchSize, lease());
        deliver(connection, claim);
        batch = claim.mails();
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
        deliver(connection, store.claim(Optional.of(ids), ids.size(), lease()));
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private Duration lease() {
    return dispatchSettings.lease();
  }

  private void deliver(SmtpConnection connection, ClaimedMails claim) {
    List<PreparedMail> batch = claim.mails();
    if (batch.isEmpty()) {
      return;
    }
    OutboxLease lease = new OutboxLease(store, claim, lease());
    Set<Long> notRecorded = new LinkedHashSet<>();
    List<MailAttempt> attempts =
        new BatchSender(session, settings)
            .send(
                connection,
                batch,
                lease,
                dispatchSettings.recordEvery(),
                outcomes -> {
                  Set<Long> taken = record(claim.token(), outcomes);
                  notRecorded.addAll(taken);
                  lease.recorded(outcomes, taken);
                });
    if (lease.lost() || !notRecorded.isEmpty()) {
      List<Long> unsent = claim.ids().subList(attempts.size(), batch.size());
      lostLease(claim, lease, unsent, release(claim.token(), unsent), notRecorded);
    }
  }

  /** Hands back the rows this claim still holds but did not send; how many it did. */
  private int release(String token, List<Long> unsent) {
    try {
      return store.release(token, unsent);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "releasing unsent mails failed; their lease runs out", e);
      return 0;
    }
  }

  /** One line for the whole batch, however many of its rows it concerns. */
  private static void lostLease(
      ClaimedMails claim, OutboxLease lease, List<Long> unsent, int released, Set<Long> late) {
    StringBuilder line =
        new StringBuilder("Lease on a batch of ")
            .append(claim.mails().size())
            .append(" mails lost while the mail server was slow (lease ")
            .append(claim.until())
            .append(", renewed ")
            .append(lease.renewals())
            .append(" times)");
    if (!unsent.isEmpty()) {
      line.append("; ")
          .append(unsent.size())
          .append(" not sent by this sender: ")
          .append(unsent.size() - released)
          .append(" taken over by another sender, ")
          .append(released)
          .append(" released to be sent at once");
    }
    if (!late.isEmpty()) {
      line.append("; mails ")
          .append(late)
          .append(" were handed to the mail server after another sender had taken them over:")
          .append(" that sender's outcome stands, and they may arrive twice");
    }
    LOG.warning(line.toString());
  }

  /**
   * Records a batch's outcomes in one transaction; should that fail, row by row, so that one row
   * that cannot be recorded does not leave the others to be sent again when their lease ends.
   * Returns the ids not recorded because another sender holds them now.
   */
  private Set<Long> record(String token, List<MailAttempt> attempts) {
    try {
      return store.recordAll(token, attempts, retrySchedule);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Recording "
              + attempts.size()
              + " mail outcomes at once failed; recording them one by one",
          e);
      Set<Long> lost = new LinkedHashSet<>();
      for (MailAttempt attempt : attempts) {
        try {
          if (!store.record(token, attempt.id(), attempt.outcome(), retrySchedule)) {
            lost.add(attempt.id());
          }
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
      return lost;
    }
  }
}
