package jp.callmail.infrastructure.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.mail.MailKind;
import jp.callmail.domain.model.mail.MailStatus;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.infrastructure.metrics.CallmailMetrics;
import jp.callmail.infrastructure.metrics.OutboxBacklog;

/**
 * The outbox's transactions, each short and on its own (REQUIRES_NEW): claiming due rows, and
 * recording what the mail server said. SMTP itself runs outside any transaction.
 *
 * <p>Claiming locks candidate rows with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x both
 * accept it) and stamps a lease on them, so that two instances never send the same row; a row
 * whose sender died becomes due again when its lease runs out.
 */
@ApplicationScoped
public class OutboxStore {

  private static final String DUE =
      "SELECT id FROM outbox_mail WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= ?1"
          + " AND (claimed_until IS NULL OR claimed_until < ?1)";

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private CallmailMetrics metrics;

  /** Claims up to {@code limit} due rows (only among {@code ids} when given) for {@code lease}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<PreparedMail> claim(Optional<List<Long>> ids, int limit, Duration lease) {
    if (ids.isPresent() && ids.get().isEmpty()) {
      return List.of();
    }
    Instant now = Instant.now();
    String sql = DUE
        + ids.map(list -> " AND id IN (" + joined(list) + ")").orElse("")
        + " ORDER BY next_attempt_at FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED";
    @SuppressWarnings("unchecked")
    List<Number> claimed = em.createNativeQuery(sql).setParameter(1, utc(now)).getResultList();
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<PreparedMail> prepared = new ArrayList<>();
    for (Number id : claimed) {
      OutboxMail mail = em.find(OutboxMail.class, id.longValue());
      mail.claim(now.plus(lease)); // the row stays locked until this transaction commits the lease
      prepared.add(prepare(mail));
    }
    return prepared;
  }

  /** Records the outcome of one send. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(long id, DeliveryOutcome result, RetrySchedule schedule) {
    OutboxMail mail = em.find(OutboxMail.class, id);
    if (mail == null) {
      return;
    }
    Instant now = Instant.now();
    switch (result.status()) {
      case SENT -> mail.sent(now, result.reply());
      case PERMANENT_FAILURE -> mail.failedPermanently(result.reply());
      case TEMPORARY_FAILURE -> mail.failedTemporarily(result.reply(),
          schedule.nextAttempt(mail.getAttempts() + 1, mail.getQueuedAt(), now));
    }
    switch (mail.getStatus()) {
      case SENT -> metrics.mailSent();
      case FAILED -> metrics.mailFailed();
      case RETRYING -> metrics.mailRetried();
      default -> { } // PENDING: not a delivery outcome
    }
  }

  /** The outbox backlog for the metrics: two cheap queries on the (status, next_attempt_at) index. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public OutboxBacklog backlog() {
    Instant now = Instant.now();
    List<MailStatus> waiting = List.of(MailStatus.PENDING, MailStatus.RETRYING);
    long pending = em.createNamedQuery(OutboxMail.COUNT_WAITING, Long.class)
        .setParameter("statuses", waiting)
        .getSingleResult();
    Instant oldestDue = pending == 0 ? null : em.createNamedQuery(OutboxMail.OLDEST_DUE, Instant.class)
        .setParameter("statuses", waiting)
        .setParameter("now", now)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
    return new OutboxBacklog(pending, oldestDue, now);
  }

  private static PreparedMail prepare(OutboxMail mail) {
    CallNotice notice = null;
    if (mail.getKind() == MailKind.CALL) {
      CallLogEntry call = mail.getCall();
      notice = new CallNotice(call.localCallTime(), call.getCallerNumber(), call.getWithheldReason().label(),
          call.getRingingSeconds(), call.getOutcome().label());
    }
    return new PreparedMail(mail.getId(), mail.getKind(), mail.getRecipient(), mail.getForm(), mail.getCharset(),
        mail.getMessageId(), mail.getLine().getPhoneNumber(), notice);
  }

  private static String joined(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
