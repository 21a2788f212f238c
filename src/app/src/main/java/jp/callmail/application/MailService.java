package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.TestMailRequest;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.RecipientSpec;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.domain.model.operator.OperatorPermission;

/** Test mails, a mail's state, and the re-send of a failed mail. */
@ApplicationScoped
public class MailService {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;
  @Inject private MessageIds messageIds;
  @Inject private MailDispatch dispatcher;
  @Inject private Event<MailQueued> mailQueued;
  @Inject private MailService self;
  @Inject private AuditLog audit;
  @Inject private Operators operators;

  /** Queues a test mail, hands it to the mail server at once and tells what the server said. */
  @Transactional(Transactional.TxType.NEVER)
  public MailView sendTestMail(String number, TestMailRequest request) {
    long id = self.queueTestMail(number, request);
    dispatcher.dispatch(List.of(id));
    return self.mail(id);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long queueTestMail(String number, TestMailRequest request) {
    operators.require(OperatorPermission.SUPPORT);
    if (request == null) {
      throw new RuleViolation(
          "body", "required", "Send {\"address\":...} with the test mail request");
    }
    ServiceLine line = provisioning.requireLine(number);
    RecipientSpec to =
        new RecipientSpec(
                request.address(),
                true,
                LineSettingsService.form("form", request.form()),
                LineSettingsService.charset("charset", request.charset()))
            .validated("address");
    OutboxMail mail =
        OutboxMail.test(
            line, to.address(), to.form(), to.charset(), messageIds.next(), Instant.now());
    em.persist(mail);
    em.flush();
    return mail.getId();
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public MailView mail(long id) {
    return view(require(id));
  }

  /** Queues a failed mail again; it is sent right after this transaction commits. */
  @Transactional
  public MailView resend(long id) {
    operators.require(OperatorPermission.SUPPORT);
    OutboxMail mail = require(id);
    String before =
        mail.getStatus().name()
            + "("
            + mail.getAttempts()
            + " 回試行、最後の応答 "
            + mail.getLastReply()
            + ")";
    mail.resend(Instant.now());
    audit.record(
        operators.current(),
        "mail.resend",
        mail.getLine().getPhoneNumber(),
        "メール " + id + "(" + mail.getRecipient() + ")を再送: " + before + " → " + mail.getStatus());
    mailQueued.fire(new MailQueued(List.of(id)));
    return view(mail);
  }

  private OutboxMail require(long id) {
    OutboxMail mail = em.find(OutboxMail.class, id);
    if (mail == null) {
      throw new NotFound("id", "No mail " + id);
    }
    return mail;
  }

  static MailView view(OutboxMail m) {
    return new MailView(
        m.getId(),
        m.getKind().name(),
        m.getRecipient(),
        m.getStatus().name(),
        m.getAttempts(),
        m.getLastReply(),
        text(m.getQueuedAt()),
        text(m.getSentAt()),
        m.getStatus().name().equals("SENT") || m.getStatus().name().equals("FAILED")
            ? null
            : text(m.getNextAttemptAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
