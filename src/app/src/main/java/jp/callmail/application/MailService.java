package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.TestMailRequest;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.RecipientSpec;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.MailKind;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.domain.model.operator.OperatorPermission;

/** Test mails, a mail's state, and the re-send of a failed mail. */
@ApplicationScoped
public class MailService {

  /** Test mails a line may send in any hour (the portal and the API together). */
  public static final int TEST_MAILS_PER_HOUR = 10;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;
  @Inject private MessageIds messageIds;
  @Inject private MailDispatch dispatcher;
  @Inject private Event<MailQueued> mailQueued;
  @Inject private MailService self;
  @Inject private AuditLog audit;
  @Inject private Operators operators;

  /**
   * Queues a test mail of the request's option (着信お知らせメール unless it says {@code fax}), hands it to
   * the mail server at once and tells what the server said.
   */
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
    ServiceOption option = LineSettingsService.option("option", request.option());
    line.requireOption(option);
    requireTestMailAllowance(line);
    RecipientSpec to =
        new RecipientSpec(
                request.address(),
                true,
                LineSettingsService.form("form", request.form()),
                LineSettingsService.charset("charset", request.charset()))
            .validated("address");
    OutboxMail mail =
        OutboxMail.test(
            line, option, to.address(), to.form(), to.charset(), messageIds.next(), Instant.now());
    em.persist(mail);
    em.flush();
    return mail.getId();
  }

  /**
   * At most {@value #TEST_MAILS_PER_HOUR} test mails per line in any hour, of both options
   * together: a test mail goes to an address that nobody has confirmed yet, so the portal must not
   * become a way to flood a stranger's mailbox. The line's row is locked so that concurrent
   * requests are counted one after the other.
   */
  private void requireTestMailAllowance(ServiceLine line) {
    em.lock(line, LockModeType.PESSIMISTIC_WRITE);
    long sent =
        em.createQuery(
                "SELECT COUNT(m) FROM OutboxMail m WHERE m.line = :line AND m.kind = :kind"
                    + " AND m.queuedAt > :since",
                Long.class)
            .setParameter("line", line)
            .setParameter("kind", MailKind.TEST)
            .setParameter("since", Instant.now().minus(Duration.ofHours(1)))
            .getSingleResult();
    if (sent >= TEST_MAILS_PER_HOUR) {
      throw new RuleViolation(
          "testMail",
          "test-mail-limit",
          "At most "
              + TEST_MAILS_PER_HOUR
              + " test mails per line in an hour; try again later (テストメールは1時間に10通までです)");
    }
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
            : text(m.getNextAttemptAt()),
        m.getOption().name());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
