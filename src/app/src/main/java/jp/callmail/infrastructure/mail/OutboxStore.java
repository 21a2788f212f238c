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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * accept it) and stamps a lease and the claim's token on them, so that two instances never send the
 * same row; a row whose sender died becomes due again when its lease runs out. Renewing, releasing
 * and recording change only the rows that still carry the claim's token: once another sender has
 * claimed a row whose lease ran out, the first one can no longer touch it.
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
  public ClaimedMails claim(Optional<List<Long>> ids, int limit, Duration lease) {
    if (ids.isPresent() && ids.get().isEmpty()) {
      return ClaimedMails.NONE;
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
      return ClaimedMails.NONE;
    }
    String token = UUID.randomUUID().toString();
    Instant until = now.plus(lease);
    Map<Long, OutboxMail> mails = load(claimed.stream().map(Number::longValue).toList());
    List<PreparedMail> prepared = new ArrayList<>(claimed.size());
    for (Number id : claimed) {
      OutboxMail mail = mails.get(id.longValue());
      mail.claim(until, token); // the row stays locked until this transaction commits the lease
      prepared.add(prepare(mail));
    }
    return new ClaimedMails(token, until, prepared);
  }

  /**
   * Extends the lease of the claim with this token to {@code until} on those of {@code ids} it
   * still holds, and returns them; a row another sender has claimed meanwhile (this lease had run
   * out) or whose outcome is recorded is left as it is and not returned.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<Long> renew(String token, List<Long> ids, Instant until) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    int renewed =
        em.createNativeQuery(
                "UPDATE outbox_mail SET claimed_until = ?1, version = version + 1"
                    + " WHERE lease_token = ?2 AND id IN ("
                    + joined(ids)
                    + ")")
            .setParameter(1, utc(until))
            .setParameter(2, token)
            .executeUpdate();
    if (renewed == ids.size()) {
      return Set.copyOf(ids);
    }
    return held(token, ids, ""); // the rows this transaction renewed, and locks
  }

  /**
   * Ends the lease of the claim with this token on those of {@code ids} it still holds, without an
   * attempt: they are due again at once, for any sender. Returns how many were released.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int release(String token, List<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createNativeQuery(
            "UPDATE outbox_mail SET claimed_until = NULL, lease_token = NULL, version = version + 1"
                + " WHERE lease_token = ?1 AND id IN ("
                + joined(ids)
                + ")")
        .setParameter(1, token)
        .executeUpdate();
  }

  /**
   * Records the outcome of one send if the claim with this token still holds the row; returns
   * whether it did.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean record(String token, long id, DeliveryOutcome result, RetrySchedule schedule) {
    if (held(token, List.of(id), " FOR UPDATE").isEmpty()) {
      return false;
    }
    OutboxMail mail = em.find(OutboxMail.class, id);
    apply(mail, result, schedule, Instant.now());
    countOnCommit(List.of(mail.getStatus()));
    return true;
  }

  /**
   * Records the outcomes of a batch in one transaction, each row exactly as {@link #record} would,
   * and returns the ids of those not recorded because the claim no longer holds them: another
   * sender took them over when this lease ran out, and its outcome stands. Should the transaction
   * fail, none is recorded and the caller records them one by one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<Long> recordAll(String token, List<MailAttempt> attempts, RetrySchedule schedule) {
    if (attempts.isEmpty()) {
      return Set.of();
    }
    List<Long> ids = attempts.stream().map(MailAttempt::id).toList();
    // Locked here so that no claim takes them between this check and the commit.
    Set<Long> held = held(token, ids, " FOR UPDATE");
    Map<Long, OutboxMail> mails = held.isEmpty() ? Map.of() : load(List.copyOf(held));
    Instant now = Instant.now();
    List<MailStatus> outcomes = new ArrayList<>(attempts.size());
    Set<Long> lost = new LinkedHashSet<>();
    for (MailAttempt attempt : attempts) {
      OutboxMail mail = mails.get(attempt.id());
      if (mail != null && mail.heldBy(token)) {
        apply(mail, attempt.outcome(), schedule, now);
        outcomes.add(mail.getStatus());
      } else {
        lost.add(attempt.id());
      }
    }
    countOnCommit(outcomes);
    return lost;
  }

  /** Those of {@code ids} that carry the token, with {@code suffix} (a lock) on the query. */
  private Set<Long> held(String token, List<Long> ids, String suffix) {
    @SuppressWarnings("unchecked")
    List<Number> found =
        em.createNativeQuery(
                "SELECT id FROM outbox_mail WHERE lease_token = ?1 AND id IN ("
                    + joined(ids)
                    + ")"
                    + suffix)
            .setParameter(1, token)
            .getResultList();
    return found.stream().map(Number::longValue).collect(Collectors.toUnmodifiableSet());
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
