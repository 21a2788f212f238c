package jp.callmail.infrastructure.mail;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks up every outbox row that is due but was not sent right after its transaction: retries, and
 * rows left over by a restart or a crash. A singleton, so polls never overlap in one instance; row
 * claiming keeps instances apart.
 */
@Singleton
public class OutboxPoller {

  private static final Logger LOG = Logger.getLogger(OutboxPoller.class.getName());

  @Inject private MailDispatcher dispatcher;

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void poll() {
    try {
      int tried = dispatcher.dispatchDue();
      if (tried > 0) {
        LOG.fine(() -> "Outbox poll tried " + tried + " mails");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Outbox poll failed; the next poll tries again", e);
    }
  }
}
