package jp.callmail.infrastructure.mail;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jp.callmail.application.MailQueued;

/**
 * Sends new outbox rows as soon as the transaction that wrote them commits, so neither the call's
 * delivery nor the poll interval delays the mail. The rows of many calls are sent together by a few
 * senders on managed threads (see {@link CoalescingSender}); a call only queues its ids. Should
 * this fail, the poller sends the rows a few seconds later.
 */
@ApplicationScoped
public class MailDispatchTrigger {

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  private ManagedExecutorService executor;

  @Inject private MailDispatcher dispatcher;
  @Inject private DispatchSettings settings;

  private CoalescingSender sender;

  @PostConstruct
  void start() {
    sender = new CoalescingSender(executor, dispatcher::openChannel, settings);
  }

  @PreDestroy
  void stop() {
    sender.close();
  }

  void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailQueued queued) {
    sender.submit(queued.outboxIds());
  }
}
