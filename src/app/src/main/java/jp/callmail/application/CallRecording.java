package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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

  @Inject private Event<CallCompleted> callCompleted;
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
          LOG.log(Level.WARNING, reason + ", kept as a dead letter", e);
          deadLetters.keep(record, failures.summary(e, 2000));
        });
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

  /** Records the call and queues its mails, in one new transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(CompletedCall record) {
    callCompleted.fire(new CallCompleted(record));
  }
}
