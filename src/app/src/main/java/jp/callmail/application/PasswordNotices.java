package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.domain.model.line.Recipient;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;

/**
 * Queues 仮パスワード設定のお知らせ to every registered address of a line's option when its temporary password
 * is set, in the transaction that sets it: the notice is as durable as the password, and goes
 * through the outbox like every other mail. All addresses, checked or not: 送信する chooses call
 * notices, while this tells the subscriber that someone may be taking over the line's portal.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PasswordNotices {

  private static final Logger LOG = Logger.getLogger(PasswordNotices.class.getName());

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private MessageIds messageIds;
  @Inject private Event<MailQueued> mailQueued;

  public void queue(ServiceLine line, TemporaryPasswordNotice notice) {
    queue(line, ServiceOption.CALL_MAIL, notice);
  }

  /** The notice of an option's temporary password, to that option's addresses. */
  public void queue(ServiceLine line, ServiceOption option, TemporaryPasswordNotice notice) {
    Instant now = Instant.now();
    List<OutboxMail> mails = new ArrayList<>();
    for (Recipient recipient : line.recipients(option)) {
      OutboxMail mail = OutboxMail.passwordNotice(line, recipient, notice, messageIds.next(), now);
      em.persist(mail);
      mails.add(mail);
    }
    LOG.info(
        () ->
            option.label()
                + " temporary password of line "
                + line.getPhoneNumber()
                + " set ("
                + notice.getVia()
                + "): notice to "
                + mails.size()
                + " address"
                + (mails.size() == 1 ? "" : "es"));
    if (!mails.isEmpty()) {
      em.flush(); // assigns the ids the after-commit dispatch needs
      mailQueued.fire(new MailQueued(mails.stream().map(OutboxMail::getId).toList()));
    }
  }
}
