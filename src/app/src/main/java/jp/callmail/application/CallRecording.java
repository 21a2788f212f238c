package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.domain.model.call.CallKindChange;
import jp.callmail.domain.model.call.CompletedCall;

/**
 * Takes a completed-call record from the SIP connector so that it is never lost (SPEC §3): it is
 * recorded in a transaction of its own (the {@link CallCompleted} event, observed by {@link
 * CallNotificationService}); if that fails because the database is unavailable, the failure goes
 * back to the connector, which journals the record and delivers it again; if the application
 * refuses it for any other reason, it is kept as a dead letter ({@link DeadLetters}) in a second
 * transaction, after the first rolled back, and the delivery ends normally. Should the dead letter
 * itself fail, that failure goes back to the connector too.
 */
@ApplicationScoped
public class CallRecording {

  private static final Logger LOG = Logger.getLogger(CallRecording.class.getName());

  /** The unique constraint of a Call-ID per line (V8.2). */
  private static final String LOGGED_ONCE = "uq_call_log_call_hash";

  @Inject private Event<CallCompleted> callCompleted;
  @Inject private Event<CallsCompleted> callsCompleted;
  @Inject private Event<CallKindChanged> callKindChanged;
  @Inject private DeadLetters deadLetters;
  @Inject private CallRecording self;
  @Inject private SchemaReadiness schema;
  @Inject private DatabaseFailureClassifier failures;

  /** One delivery from the connector; runs outside any transaction. */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void take(CompletedCall record) {
    deliver(
        record.callId(),
        record.calledNumber(),
        "record",
        () -> self.record(record),
        (e, reason) -> {
          if (failures.violates(e, LOGGED_ONCE)) {
            // The unique index says it: logged already (delivered again, and recorded elsewhere at
            // the same moment, past the check for Call-IDs already logged).
            LOG.info(
                () -> "call-id=" + record.callId() + " already logged; duplicate delivery ignored");
            return;
          }
          LOG.log(Level.WARNING, reason + ", kept as a dead letter", e);
          deadLetters.keep(record, failures.summary(e, 2000));
        });
  }

  /**
   * One delivery of several records from the connector; runs outside any transaction. They are
   * recorded in one transaction (the {@link CallsCompleted} event). If that fails because the
   * database is unavailable, the failure goes back to the connector, which keeps them all and
   * delivers them again; any other failure says only that one of them (or more) is refused, so each
   * is then recorded alone ({@link #take}): a refused record becomes a dead letter, the others are
   * recorded, and none fails the rest. Should the database become unavailable while they are taken
   * one by one, the connector delivers them all again, and those already recorded are recognised as
   * deliveries again by their Call-IDs.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void takeAll(List<CompletedCall> records) {
    if (records.size() == 1) {
      take(records.get(0));
      return;
    }
    if (records.isEmpty()) {
      return;
    }
    if (!schema.isMigrated()) {
      throw new IllegalStateException(
          "database schema not migrated yet (database unavailable at start)");
    }
    try {
      self.recordAll(records);
      return;
    } catch (RuntimeException e) {
      if (failures.isUnavailable(e)) {
        LOG.warning(
            () ->
                records.size()
                    + " call records: database unavailable, handed back to the SIP connector ("
                    + failures.summary(e, 300)
                    + ")");
        throw e;
      }
      LOG.info(
          () ->
              "A batch of "
                  + records.size()
                  + " call records was refused ("
                  + failures.summary(e, 300)
                  + "); recording each alone");
    }
    for (CompletedCall record : records) {
      take(record);
    }
  }

  /**
   * One delivery of a kind change from the connector; runs outside any transaction. Like a record,
   * it goes back to the connector while the database is unavailable. A change refused for another
   * reason is logged and dropped: it has no dead letter of its own, and its call stays as recorded.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void takeKindChange(CallKindChange change) {
    deliver(
        change.callId(),
        change.calledNumber(),
        "kind change",
        () -> self.recordKindChange(change),
        (e, reason) ->
            LOG.log(Level.WARNING, reason + " (kind " + change.kind() + "), dropped", e));
  }

  /**
   * Runs one delivery: an unavailable database goes back to the connector, any other failure is
   * {@code refused}'s to keep or drop.
   */
  private void deliver(
      String callId,
      String calledNumber,
      String what,
      Runnable apply,
      BiConsumer<RuntimeException, String> refused) {
    if (!schema.isMigrated()) {
      // The database was down when the server started: the connector keeps the record until it is
      // back.
      throw new IllegalStateException(
          "database schema not migrated yet (database unavailable at start)");
    }
    try {
      apply.run();
    } catch (RuntimeException e) {
      if (failures.isUnavailable(e)) {
        LOG.warning(
            () ->
                "call-id="
                    + callId
                    + " line="
                    + calledNumber
                    + ": database unavailable, "
                    + what
                    + " handed back to the SIP connector ("
                    + failures.summary(e, 300)
                    + ")");
        throw e;
      }
      refused.accept(e, "call-id=" + callId + " line=" + calledNumber + ": " + what + " refused");
    }
  }

  /** Applies a kind change (or keeps it for its record), in one new transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordKindChange(CallKindChange change) {
    callKindChanged.fire(new CallKindChanged(change));
  }

  /** Records the calls and queues their mails, in one new transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordAll(List<CompletedCall> records) {
    callsCompleted.fire(new CallsCompleted(records));
  }

  /** Records the call and queues its mails, in one new transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(CompletedCall record) {
    callCompleted.fire(new CallCompleted(record));
  }
}
