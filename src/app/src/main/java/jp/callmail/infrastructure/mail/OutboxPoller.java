package jp.callmail.infrastructure.mail;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.DatabaseFailureClassifier;

/**
 * Picks up every outbox row that is due but was not sent right after its transaction: retries, and
 * rows left over by a restart or a crash. A singleton, so polls never overlap in one instance; row
 * claiming keeps instances apart.
 *
 * <p>While the database is unavailable every poll fails the same way: that is said in one line when
 * it starts, again once a minute with the count of failed polls, and once more when polls work
 * again. Any other failure is logged with its stack trace.
 */
@Singleton
public class OutboxPoller {

  private static final Logger LOG = Logger.getLogger(OutboxPoller.class.getName());
  private static final Duration REPEAT = Duration.ofMinutes(1);

  @Inject private MailDispatcher dispatcher;
  @Inject private DatabaseFailureClassifier failures;

  private int failedPolls;
  private Instant lastSaid = Instant.MIN;

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void poll() {
    try {
      int tried = dispatcher.dispatchDue();
      if (failedPolls > 0) {
        LOG.info(
            "Outbox polls work again after "
                + failedPolls
                + " failed while the database was unavailable");
        failedPolls = 0;
      }
      if (tried > 0) {
        LOG.fine(() -> "Outbox poll tried " + tried + " mails");
      }
    } catch (RuntimeException e) {
      if (!failures.isUnavailable(e)) {
        LOG.log(Level.WARNING, "Outbox poll failed; the next poll tries again", e);
        return;
      }
      failedPolls++;
      Instant now = Instant.now();
      if (failedPolls == 1 || now.isAfter(lastSaid.plus(REPEAT))) {
        lastSaid = now;
        LOG.warning(
            "Outbox poll: database unavailable ("
                + failedPolls
                + " polls failed so far; mails wait in the outbox): "
                + failures.summary(e, 300));
      }
    }
  }
}
