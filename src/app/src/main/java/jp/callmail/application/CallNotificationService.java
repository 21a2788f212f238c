package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import jp.callmail.domain.model.call.CallIdHash;
import jp.callmail.domain.model.call.CallKind;
import jp.callmail.domain.model.call.CallKindChange;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.call.PendingCallKind;
import jp.callmail.domain.model.line.Recipient;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.domain.service.MailDecision;
import jp.callmail.domain.service.NotificationRules;

/**
 * Turns a completed call into a call log row and, when the line's rules say so, one outbox mail per
 * recipient whose 送信する box is checked — of 着信お知らせメール under its conditions, and for a fax call of
 * FAXお知らせメール too (each option's own addresses, each its own mail). A fax seen only after the record
 * (a re-INVITE to T.38) changes the logged call's kind and makes the fax mails then — all in the
 * one transaction of whoever fires the event ({@link CallRecording}), so a call is never logged
 * without its mails nor mailed without being logged. Everything is flushed before returning, so
 * that a row the database refuses fails here, where {@link CallRecording} can tell a refusal from
 * an outage, and not later at commit.
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

  @Inject private LineSettingsCache settings;

  @Transactional
  public void record(@Observes CallCompleted event) {
    record(List.of(event.record()));
  }

  @Transactional
  public void recordAll(@Observes CallsCompleted event) {
    record(event.records());
  }

  /**
   * Records a batch of calls. Nothing is read per call: the lines' settings come from memory
   * ({@link LineSettingsCache}), and one query each finds the batch's Call-IDs already logged
   * (deliveries again) and the kind changes kept for them. The unique index on (line, Call-ID hash)
   * stays the last word: a duplicate that slips past the query (another instance logging the same
   * Call-ID at the same moment) fails the batch, which {@link CallRecording} then records one by
   * one.
   */
  private void record(List<CompletedCall> delivered) {
    List<Call> calls = new ArrayList<>(delivered.size());
    for (CompletedCall record : delivered) {
      ServiceLine line = settings.settings(record.calledNumber());
      if (line == null) {
        LOG.info(
            () ->
                "call-id="
                    + record.callId()
                    + " to "
                    + record.calledNumber()
                    + ": no mail (not a service line)");
      } else {
        calls.add(new Call(record, line, CallIdHash.of(record.callId())));
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    List<String> hashes = calls.stream().map(Call::hash).distinct().toList();
    Set<String> logged = new HashSet<>();
    for (Object[] row :
        em.createNamedQuery(CallLogEntry.LOGGED_OF, Object[].class)
            .setParameter("hashes", hashes)
            .getResultList()) {
      logged.add(key((Long) row[0], (String) row[1]));
    }
    Map<String, PendingCallKind> kept = new HashMap<>();
    for (PendingCallKind pending :
        em.createNamedQuery(PendingCallKind.FOR_CALLS, PendingCallKind.class)
            .setParameter("hashes", hashes)
            .getResultList()) {
      kept.put(key(pending.getLine().getId(), pending.getCallIdHash()), pending);
    }
    List<OutboxMail> mails = new ArrayList<>();
    List<CallLogEntry> entries = new ArrayList<>(calls.size());
    List<ServiceLine> lineOf = new ArrayList<>(calls.size());
    for (Call call : calls) {
      String key = key(call.line().getId(), call.hash());
      if (!logged.add(key)) {
        LOG.info(
            () ->
                "call-id="
                    + call.record().callId()
                    + " already logged; duplicate delivery ignored");
        continue;
      }
      PendingCallKind pending = kept.remove(key);
      CompletedCall record =
          pending == null
              ? call.record()
              : call.record().withKind(call.record().kind().and(pending.getKind()));
      if (pending != null) {
        em.remove(pending);
      }
      CallLogEntry entry =
          new CallLogEntry(
              em.getReference(ServiceLine.class, call.line().getId()),
              call.line().getPhoneNumber(),
              record);
      em.persist(entry);
      entries.add(entry);
      lineOf.add(call.line());
      mails.addAll(queueMails(call.line(), entry, entry.asRecorded()));
      mails.addAll(queueFaxMails(call.line(), entry));
    }
    em.flush(); // a refused row fails now; and the after-commit dispatch needs the mails' ids
    for (int i = 0; i < entries.size(); i++) {
      CallLogEntry entry = entries.get(i);
      ServiceLine line = lineOf.get(i);
      metrics.callObserved(entry.getOutcome());
      // Every call is in the call log; at thousands a second a log line per call costs real CPU.
      LOG.fine(() -> logLine(entry, line));
    }
    if (!mails.isEmpty()) {
      mailQueued.fire(new MailQueued(mails.stream().map(OutboxMail::getId).toList()));
    }
  }

  /** One call of a batch, with its line's settings. */
  private record Call(CompletedCall record, ServiceLine line, String hash) {}

  private static String key(Long lineId, String callIdHash) {
    return lineId + " " + callIdHash;
  }

  private String logLine(CallLogEntry entry, ServiceLine line) {
    return String.format(
        "call-id=%s line=%s 着信日時:%s 発信者通知番号:%s 非通知理由:%s 呼出時間:%d秒 着信状態:%s %s -> %s%s",
        entry.getCallId(),
        entry.getCalledNumber(),
        line == null
            ? entry.getCallTime()
            : CallLogEntry.CALL_TIME_FORMAT.format(entry.getCallTime().atZone(line.getTimeZone())),
        entry.getCallerNumber(),
        words.withheldReason(entry.getWithheldReason()),
        entry.getRingingSeconds(),
        words.outcome(entry.getOutcome()),
        entry.getKind(),
        entry.getMailDecision(),
        entry.getFaxMailDecision() == null ? "" : "; FAXお知らせメール: " + entry.getFaxMailDecision());
  }

  /**
   * Applies a kind change to the logged call, or keeps it until the call's record comes. A change
   * already applied (delivered again) changes nothing.
   */
  @Transactional
  public void changeKind(@Observes CallKindChanged event) {
    CallKindChange change = event.change();
    ServiceLine line = line(change.calledNumber());
    if (line == null) {
      LOG.info(
          () ->
              "call-id="
                  + change.callId()
                  + " to "
                  + change.calledNumber()
                  + ": kind change ignored (not a service line)");
      return;
    }
    CallLogEntry entry = logged(line, change.callId());
    if (entry == null) {
      PendingCallKind pending = pendingKind(line, change.callId());
      if (pending == null) {
        em.persist(new PendingCallKind(line, change, Instant.now()));
      } else {
        pending.merge(change);
      }
      em.flush();
      LOG.fine(
          () -> "call-id=" + change.callId() + ": kind " + change.kind() + " kept for its record");
      return;
    }
    if (!entry.changeKind(change.kind())) {
      LOG.fine(() -> "call-id=" + change.callId() + ": kind " + change.kind() + " already applied");
      return;
    }
    List<OutboxMail> mails = queueFaxMails(line, entry);
    em.flush();
    LOG.fine(
        () ->
            "call-id="
                + change.callId()
                + ": kind now "
                + entry.getKind()
                + (entry.getFaxMailDecision() == null
                    ? ""
                    : "; FAXお知らせメール: " + entry.getFaxMailDecision()));
    if (!mails.isEmpty()) {
      mailQueued.fire(new MailQueued(mails.stream().map(OutboxMail::getId).toList()));
    }
  }

  /**
   * FAXお知らせメール of a fax call to a line with the fax option: one mail per fax address whose 送信する box
   * is checked, while the option is started. Nothing (and no decision) for a voice call or a line
   * without the option.
   */
  private List<OutboxMail> queueFaxMails(ServiceLine line, CallLogEntry entry) {
    if (!line.isFaxMail() || entry.getKind() != CallKind.FAX) {
      return List.of();
    }
    MailDecision decision = NotificationRules.decideFax(line.faxMailStarted(), entry.asRecorded());
    if (!decision.send()) {
      entry.decideFaxMail("no mail: " + decision.reason());
      return List.of();
    }
    List<OutboxMail> mails = new ArrayList<>();
    Instant now = Instant.now();
    for (Recipient recipient : line.recipients(ServiceOption.FAX_MAIL)) {
      if (recipient.isSendEnabled()) {
        OutboxMail mail = OutboxMail.forCall(entry, recipient, messageIds.next(), now);
        em.persist(mail);
        mails.add(mail);
      }
    }
    entry.decideFaxMail(sentDecision(mails.size()));
    return mails;
  }

  private static String sentDecision(int count) {
    return count == 0
        ? MailDecisionCodes.NO_SENDING_ADDRESS_TEXT
        : "mail to " + count + " address" + (count == 1 ? "" : "es");
  }

  /**
   * Applies the kept kind changes whose call has been logged since: a record and its change that
   * arrived at the same moment, in two transactions, each before the other committed. Run every few
   * seconds; rows are locked, so two instances never apply one twice.
   *
   * @return how many were applied
   */
  @Transactional
  public int applyPendingKinds() {
    List<PendingCallKind> pending =
        em.createNamedQuery(PendingCallKind.LOGGED, PendingCallKind.class)
            .setMaxResults(100)
            .getResultList();
    List<OutboxMail> mails = new ArrayList<>();
    for (PendingCallKind change : pending) {
      em.lock(change, LockModeType.PESSIMISTIC_WRITE); // another instance's sweep waits here
      CallLogEntry entry =
          em.createNamedQuery(CallLogEntry.BY_CALL_ID_HASH, CallLogEntry.class)
              .setParameter("hash", change.getCallIdHash())
              .getResultStream()
              .filter(e -> e.getLine().getId().equals(change.getLine().getId()))
              .findFirst()
              .orElse(null);
      em.remove(change);
      if (entry != null && entry.changeKind(change.getKind())) {
        mails.addAll(queueFaxMails(change.getLine(), entry));
        LOG.info(
            () ->
                "call-id="
                    + entry.getCallId()
                    + ": kept kind change applied, now "
                    + entry.getKind());
      }
    }
    em.flush();
    if (!mails.isEmpty()) {
      mailQueued.fire(new MailQueued(mails.stream().map(OutboxMail::getId).toList()));
    }
    return pending.size();
  }

  private ServiceLine line(String number) {
    return em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
        .setParameter("number", number)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  private CallLogEntry logged(ServiceLine line, String callId) {
    return em.createNamedQuery(CallLogEntry.BY_CALL_ID_HASH, CallLogEntry.class)
        .setParameter("hash", CallIdHash.of(callId))
        .getResultStream()
        .filter(entry -> entry.getLine().getId().equals(line.getId()))
        .findFirst()
        .orElse(null);
  }

  private PendingCallKind pendingKind(ServiceLine line, String callId) {
    return em.createNamedQuery(PendingCallKind.FOR_CALL, PendingCallKind.class)
        .setParameter("line", line)
        .setParameter("hash", CallIdHash.of(callId))
        .getResultStream()
        .findFirst()
        .orElse(null);
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
    entry.decideMail(sentDecision(mails.size()));
    return mails;
  }
}
