package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.domain.model.call.CallIdHash;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.line.Recipient;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.domain.service.MailDecision;
import jp.callmail.domain.service.NotificationRules;

/**
 * Turns a completed call into a call log row and, when the line's rules say so, one outbox mail per
 * recipient whose 送信する box is checked — all in the one transaction of whoever fires the event
 * ({@link CallRecording}), so a call is never logged without its mails nor mailed without being
 * logged. Everything is flushed before returning, so that a row the database refuses fails here,
 * where {@link CallRecording} can tell a refusal from an outage, and not later at commit.
 */
@ApplicationScoped
public class CallNotificationService {

  private static final Logger LOG = Logger.getLogger(CallNotificationService.class.getName());

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private MessageIds messageIds;

  @Inject private Event<MailQueued> mailQueued;

  @Inject private ActivityCounters metrics;

  @Inject private CallWords words;

  @Transactional
  public void record(@Observes CallCompleted event) {
    CompletedCall record = event.record();
    ServiceLine line =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", record.calledNumber())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (line == null) {
      LOG.info(
          () ->
              "call-id="
                  + record.callId()
                  + " to "
                  + record.calledNumber()
                  + ": no mail (not a service line)");
      return;
    }
    boolean known =
        em.createNamedQuery(CallLogEntry.BY_CALL_ID_HASH, CallLogEntry.class)
            .setParameter("hash", CallIdHash.of(record.callId()))
            .getResultStream()
            .anyMatch(entry -> entry.getLine().getId().equals(line.getId()));
    if (known) {
      LOG.info(() -> "call-id=" + record.callId() + " already logged; duplicate delivery ignored");
      return;
    }
    CallLogEntry entry = new CallLogEntry(line, record);
    em.persist(entry);
    List<OutboxMail> mails = queueMails(line, entry, entry.asRecorded());
    em.flush(); // a refused row fails now; and the after-commit dispatch needs the mails' ids
    metrics.callObserved(record.outcome());
    // Every call is in the call log; at thousands a second a log line per call costs real CPU.
    LOG.fine(
        () ->
            String.format(
                "call-id=%s line=%s 着信日時:%s 発信者通知番号:%s 非通知理由:%s 呼出時間:%d秒 着信状態:%s -> %s",
                record.callId(),
                line.getPhoneNumber(),
                entry.localCallTime(),
                entry.getCallerNumber(),
                words.withheldReason(entry.getWithheldReason()),
                record.ringingSeconds(),
                words.outcome(record.outcome()),
                entry.getMailDecision()));
    if (!mails.isEmpty()) {
      mailQueued.fire(new MailQueued(mails.stream().map(OutboxMail::getId).toList()));
    }
  }

  private List<OutboxMail> queueMails(ServiceLine line, CallLogEntry entry, CompletedCall record) {
    MailDecision decision = NotificationRules.decide(line.notificationPolicy(), record);
    List<OutboxMail> mails = new ArrayList<>();
    if (!decision.send()) {
      entry.decideMail("no mail: " + decision.reason());
      return mails;
    }
    Instant now = Instant.now();
    for (Recipient recipient : line.getRecipients()) {
      if (recipient.isSendEnabled()) {
        OutboxMail mail = OutboxMail.forCall(entry, recipient, messageIds.next(), now);
        em.persist(mail);
        mails.add(mail);
      }
    }
    entry.decideMail(
        mails.isEmpty()
            ? MailDecisionCodes.NO_SENDING_ADDRESS_TEXT
            : "mail to " + mails.size() + " address" + (mails.size() == 1 ? "" : "es"));
    return mails;
  }
}
