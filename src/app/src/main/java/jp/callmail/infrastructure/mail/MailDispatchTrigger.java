package jp.callmail.infrastructure.mail;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.MailQueued;

/**
 * Sends new outbox rows as soon as the transaction that wrote them commits, on a managed thread,
 * so neither the call's delivery nor the poll interval delays the mail. Should this fail, the
 * poller sends the rows a few seconds later.
 */
@ApplicationScoped
public class MailDispatchTrigger {

  private static final Logger LOG = Logger.getLogger(MailDispatchTrigger.class.getName());

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  private ManagedExecutorService executor;

  @Inject private MailDispatcher dispatcher;

  void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailQueued queued) {
    try {
      executor.execute(() -> {
        try {
          dispatcher.dispatch(queued.outboxIds());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Immediate dispatch failed; the outbox poller will retry", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(Level.WARNING, "Dispatch queue full; the outbox poller will send " + queued.outboxIds(), e);
    }
  }
}
