package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;
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
  @Inject private DeadLetters deadLetters;
  @Inject private CallRecording self;
  @Inject private SchemaReadiness schema;
  @Inject private DatabaseFailureClassifier failures;

  /** One delivery from the connector; runs outside any transaction. */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void take(CompletedCall record) {
    if (!schema.isMigrated()) {
      // The database was down when the server started: the connector keeps the record until it is
      // back.
      throw new IllegalStateException(
          "database schema not migrated yet (database unavailable at start)");
    }
    try {
      self.record(record);
    } catch (RuntimeException e) {
      if (failures.isUnavailable(e)) {
        LOG.warning(
            () ->
                "call-id="
                    + record.callId()
                    + " line="
                    + record.calledNumber()
                    + ": database unavailable, record handed back to the SIP connector ("
                    + failures.summary(e, 300)
                    + ")");
        throw e;
      }
      LOG.log(
          Level.WARNING,
          "call-id="
              + record.callId()
              + " line="
              + record.calledNumber()
              + ": record refused, kept as a dead letter",
          e);
      deadLetters.keep(record, failures.summary(e, 2000));
    }
  }

  /** Records the call and queues its mails, in one new transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(CompletedCall record) {
    callCompleted.fire(new CallCompleted(record));
  }
}
