package jp.callmail.infrastructure.mail;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.callmail.application.ActivityCounters;
import jp.callmail.domain.model.mail.MailKind;
import jp.callmail.domain.model.mail.MailStatus;
import jp.callmail.domain.model.mail.OutboxMail;
import jp.callmail.infrastructure.persistence.AfterCommit;

/**
 * The outbox's transactions, each short and on its own (REQUIRES_NEW): claiming due rows, and
 * recording what the mail server said, a batch at a time. SMTP itself runs outside any transaction.
 *
 * <p>Claiming locks candidate rows with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x both
 * accept it) and stamps a lease on them, so that two instances never send the same row; a row whose
 * sender died becomes due again when its lease runs out.
 */
@ApplicationScoped
public class OutboxStore {

  private static final String DUE =
      "SELECT id FROM outbox_mail WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= ?1"
          + " AND (claimed_until IS NULL OR claimed_until < ?1)";

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Resource private TransactionSynchronizationRegistry transactions;

  @Inject private ActivityCounters metrics;

  @Inject private MailWords words;

  /** Claims up to {@code limit} due rows (only among {@code ids} when given) for {@code lease}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<PreparedMail> claim(Optional<List<Long>> ids, int limit, Duration lease) {
    if (ids.isPresent() && ids.get().isEmpty()) {
      return List.of();
    }
    Instant now = Instant.now();
    String sql =
        DUE
            + ids.map(list -> " AND id IN (" + joined(list) + ")").orElse("")
            + " ORDER BY next_attempt_at FETCH FIRST "
            + limit
            + " ROWS ONLY FOR UPDATE SKIP LOCKED";
    @SuppressWarnings("unchecked")
    List<Number> claimed = em.createNativeQuery(sql).setParameter(1, utc(now)).getResultList();
    if (claimed.isEmpty()) {
      return List.of();
    }
    Map<Long, OutboxMail> mails = load(claimed.stream().map(Number::longValue).toList());
    List<PreparedMail> prepared = new ArrayList<>(claimed.size());
    for (Number id : claimed) {
      OutboxMail mail = mails.get(id.longValue());
      mail.claim(now.plus(lease)); // the row stays locked until this transaction commits the lease
      prepared.add(prepare(mail));
    }
    return prepared;
  }

  /** Records the outcome of one send. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(long id, DeliveryOutcome result, RetrySchedule schedule) {
    OutboxMail mail = em.find(OutboxMail.class, id);
    if (mail != null) {
      apply(mail, result, schedule, Instant.now());
      countOnCommit(List.of(mail.getStatus()));
    }
  }

  /**
   * Records the outcomes of a batch in one transaction, each row exactly as {@link #record} would.
   * Should the transaction fail (a row changed under the lease, say), none is recorded and the
   * caller records them one by one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordAll(List<MailAttempt> attempts, RetrySchedule schedule) {
    if (attempts.isEmpty()) {
      return;
    }
    Map<Long, OutboxMail> mails = load(attempts.stream().map(MailAttempt::id).toList());
    Instant now = Instant.now();
    List<MailStatus> outcomes = new ArrayList<>(attempts.size());
    for (MailAttempt attempt : attempts) {
      OutboxMail mail = mails.get(attempt.id());
      if (mail != null) {
        apply(mail, attempt.outcome(), schedule, now);
        outcomes.add(mail.getStatus());
      }
    }
    countOnCommit(outcomes);
  }

  private static void apply(
      OutboxMail mail, DeliveryOutcome result, RetrySchedule schedule, Instant now) {
    switch (result.status()) {
      case SENT -> mail.sent(now, result.reply());
      case PERMANENT_FAILURE -> mail.failedPermanently(result.reply());
      case TEMPORARY_FAILURE ->
          mail.failedTemporarily(
              result.reply(),
              schedule.nextAttempt(mail.getAttempts() + 1, mail.getQueuedAt(), now));
    }
  }

  /**
   * Counts the recorded states in the metrics once the transaction has committed, so that a batch
   * that rolls back and is then recorded row by row is counted once.
   */
  private void countOnCommit(List<MailStatus> outcomes) {
    AfterCommit.run(
        transactions,
        () -> {
          for (MailStatus outcome : outcomes) {
            switch (outcome) {
              case SENT -> metrics.mailSent();
              case FAILED -> metrics.mailFailed();
              case RETRYING -> metrics.mailRetried();
              default -> {} // PENDING: not a delivery outcome
            }
          }
        });
  }

  /**
   * The outbox backlog for the metrics: two cheap queries on the (status, next_attempt_at) index.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public OutboxBacklog backlog() {
    Instant now = Instant.now();
    List<MailStatus> waiting = List.of(MailStatus.PENDING, MailStatus.RETRYING);
    long pending =
        em.createNamedQuery(OutboxMail.COUNT_WAITING, Long.class)
            .setParameter("statuses", waiting)
            .getSingleResult();
    Instant oldestDue =
        pending == 0
            ? null
            : em.createNamedQuery(OutboxMail.OLDEST_DUE, Instant.class)
                .setParameter("statuses", waiting)
                .setParameter("now", now)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .orElse(null);
    return new OutboxBacklog(pending, oldestDue, now);
  }

  /**
   * The rows with the given ids, in one query; their line and call (eagerly mapped) in one query
   * each rather than one per row.
   */
  private Map<Long, OutboxMail> load(List<Long> ids) {
    return em.createNamedQuery(OutboxMail.BY_IDS, OutboxMail.class)
        .setParameter("ids", ids)
        .setHint("eclipselink.batch.type", "IN")
        .setHint("eclipselink.batch", "m.line")
        .setHint("eclipselink.batch", "m.call")
        .getResultStream()
        .collect(Collectors.toMap(OutboxMail::getId, Function.identity()));
  }

  private PreparedMail prepare(OutboxMail mail) {
    CallNotice notice = null;
    PasswordNotice passwordNotice = null;
    if (mail.getKind() == MailKind.PASSWORD_NOTICE) {
      passwordNotice =
          PasswordNotice.of(
              mail.getLine().getPhoneNumber(),
              mail.getPasswordNotice(),
              mail.getLine().getTimeZone());
    } else if (mail.getKind() == MailKind.CALL) {
      notice = CallNotice.of(mail.getCall().asRecorded(), mail.getLine().getTimeZone(), words);
    }
    return new PreparedMail(
        mail.getId(),
        mail.getKind(),
        mail.getRecipient(),
        mail.getForm(),
        mail.getCharset(),
        mail.getMessageId(),
        mail.getLine().getPhoneNumber(),
        notice,
        passwordNotice,
        mail.getOption());
  }

  private static String joined(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
