package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.application.Views.DeadLetterPage;
import jp.callmail.application.Views.DeadLetterView;
import jp.callmail.domain.model.Conflict;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.call.CallIdHash;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.call.CallRecordDeadLetter;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.operator.OperatorPermission;

/**
 * Completed-call records the application refused, where operators see them (console, REST, the
 * metric {@code callmail_call_records_dead}) and have them recorded again once the cause is gone.
 * Each change is a transaction of its own: a dead letter is written after the record's own
 * transaction rolled back, and a retry's outcome is kept whether the record went in or not.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
  public static final int MAX_PAGE = 200;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private CallRecording recording;
  @Inject private AuditLog audit;
  @Inject private Operators operators;
  @Inject private DeadLetters self;
  @Inject private DatabaseFailureClassifier failures;

  /**
   * Keeps a refused record; the same call refused again (delivered twice) updates its open dead
   * letter instead of adding one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void keep(CompletedCall record, String reason) {
    Instant now = Instant.now();
    CallRecordDeadLetter open =
        em.createNamedQuery(CallRecordDeadLetter.OPEN_FOR_CALL, CallRecordDeadLetter.class)
            .setParameter("hash", CallIdHash.of(record.callId()))
            .setParameter("calledNumber", record.calledNumber())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (open != null) {
      open.refusedAgain(reason, now);
    } else {
      em.persist(new CallRecordDeadLetter(record, reason, now));
    }
    em.flush();
  }

  /** Unresolved dead letters, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public DeadLetterPage open(int offset, int limit) {
    Paging.check(offset, limit, MAX_PAGE);
    List<DeadLetterView> letters =
        em.createNamedQuery(CallRecordDeadLetter.OPEN, CallRecordDeadLetter.class)
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultStream()
            .map(DeadLetters::view)
            .toList();
    return new DeadLetterPage(countOpen(), offset, limit, letters);
  }

  /** How many are unresolved. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public long countOpen() {
    return em.createNamedQuery(CallRecordDeadLetter.COUNT_OPEN, Long.class).getSingleResult();
  }

  /**
   * An operator records a dead letter again. On success it is resolved (and audited); on failure it
   * stays open with the new reason (also audited) and a {@link Conflict} says why.
   */
  @Transactional(Transactional.TxType.NEVER)
  public DeadLetterView retry(long id) {
    operators.require(OperatorPermission.ADMIN);
    String operator = operators.current();
    CompletedCall record = self.openRecord(id);
    try {
      recording.record(record);
    } catch (RuntimeException e) {
      String reason = failures.summary(e, 2000);
      self.refusedAgain(id, reason, operator);
      throw new Conflict(
          "id",
          "record-refused",
          "The call record was refused again: "
              + reason
              + ". Remove the cause (see the reason) and retry.");
    }
    return self.resolved(id, operator);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public CompletedCall openRecord(long id) {
    CallRecordDeadLetter letter = require(id);
    if (letter.isResolved()) {
      throw new Conflict(
          "id",
          "dead-letter-resolved",
          "Dead letter "
              + id
              + " was already resolved at "
              + letter.getResolvedAt()
              + " ("
              + letter.getResolution()
              + ")");
    }
    return letter.record();
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void refusedAgain(long id, String reason, String operator) {
    CallRecordDeadLetter letter = require(id);
    letter.refusedAgain(reason, Instant.now());
    audit.record(
        operator,
        "call-record.retry",
        letter.getCalledNumber(),
        "dead letter "
            + id
            + " call-id="
            + shortId(letter)
            + ": refused again ("
            + abbreviated(reason)
            + ")");
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public DeadLetterView resolved(long id, String operator) {
    CallRecordDeadLetter letter = require(id);
    boolean logged =
        em.createNamedQuery(CallLogEntry.BY_CALL_ID_HASH, CallLogEntry.class)
            .setParameter("hash", letter.getCallIdHash())
            .getResultStream()
            .anyMatch(e -> e.getCalledNumber().equals(letter.getCalledNumber()));
    String resolution =
        (logged
                ? "recorded"
                : "nothing to record: " + letter.getCalledNumber() + " is not a service line")
            + " (retry by "
            + operator
            + ")";
    letter.resolve(resolution, Instant.now());
    audit.record(
        operator,
        "call-record.retry",
        letter.getCalledNumber(),
        "dead letter " + id + " call-id=" + shortId(letter) + ": " + resolution);
    LOG.info(
        () -> "dead letter " + id + " call-id=" + letter.getCallId() + " resolved: " + resolution);
    return view(letter);
  }

  private CallRecordDeadLetter require(long id) {
    CallRecordDeadLetter letter = em.find(CallRecordDeadLetter.class, id);
    if (letter == null) {
      throw new NotFound("id", "No dead letter " + id);
    }
    return letter;
  }

  private static String shortId(CallRecordDeadLetter letter) {
    return abbreviated(letter.getCallId());
  }

  private static String abbreviated(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "…";
  }

  static DeadLetterView view(CallRecordDeadLetter d) {
    return new DeadLetterView(
        d.getId(),
        d.getCallId(),
        d.getCalledNumber(),
        d.getCallTime().toString(),
        d.getCallerNumber(),
        d.getWithheldReason().name(),
        d.getRingingSeconds(),
        d.getOutcome().name(),
        d.getReason(),
        d.getAttempts(),
        d.getReceivedAt().toString(),
        d.getLastAttemptAt().toString(),
        d.getResolvedAt() == null ? null : d.getResolvedAt().toString(),
        d.getResolution(),
        d.getKind().name());
  }
}
