package jp.callmail.infrastructure.sip;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import jp.callmail.application.CallRecording;
import jp.callmail.application.DatabaseFailureClassifier;
import jp.callmail.application.IvrCallerService;
import jp.callmail.application.LineDirectoryService;
import jp.callmail.application.SchemaReadiness;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.TemporaryPasswordOutcome;

/**
 * Thin bridge from the SIP connector to CDI: line lookups and the line table go to the line
 * directory, a completed call (or a batch of them, recorded together) goes, translated into the
 * domain's {@code CompletedCall}, to {@link CallRecording}, which records it in a transaction of
 * its own (the CDI event {@code CallCompleted}) and keeps a refused record as a dead letter; a
 * later change of a call's kind (voice to fax) goes the same way (the CDI event {@code
 * CallKindChanged}); the IVR's questions go to {@link IvrCallerService}. A completed call is taken
 * without a container transaction, so that a refused record's rollback cannot take its dead letter
 * with it; what this method throws (the database unavailable) tells the connector to journal the
 * record and retry.
 */
@MessageDriven(
    messageListenerInterface = CallListener.class,
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "resourceAdapter",
          propertyValue = "callmail-sip-connector")
    })
public class CallListenerBean implements CallListener {

  @Inject private LineDirectoryService lines;

  @Inject private CallRecording recording;

  @Inject private IvrCallerService ivr;

  @Inject private SchemaReadiness schema;

  @Inject private DatabaseFailureClassifier failures;

  @Override
  public LineRoute lookupLine(String calledNumber) {
    return unlessUnavailable(() -> lines.routeFor(calledNumber));
  }

  @Override
  public LineRoutes lineRoutes(Instant changedSince) {
    return unlessUnavailable(() -> lines.routes(changedSince));
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void callCompleted(CallCompletedRecord record) {
    unlessUnavailable(
        () -> {
          recording.take(CompletedCalls.of(record));
          return null;
        });
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void callsCompleted(List<CallCompletedRecord> records) {
    unlessUnavailable(
        () -> {
          recording.takeAll(records.stream().map(CompletedCalls::of).toList());
          return null;
        });
  }

  /**
   * Runs one request of the connector; a database that is down (or not migrated yet) becomes {@link
   * ApplicationUnavailable}, anything else goes to the connector as it is.
   */
  private <T> T unlessUnavailable(Supplier<T> request) {
    if (!schema.isMigrated()) {
      throw new ApplicationUnavailable("database schema not migrated yet (database unavailable)");
    }
    try {
      return request.get();
    } catch (RuntimeException e) {
      if (failures.isUnavailable(e)) {
        throw new ApplicationUnavailable("database unavailable: " + failures.summary(e, 300));
      }
      throw e;
    }
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void callKindChanged(CallKindChange change) {
    unlessUnavailable(
        () -> {
          recording.takeKindChange(CompletedCalls.of(change));
          return null;
        });
  }

  @Override
  public IvrCaller ivrCaller(String callerNumber) {
    return ivr.caller(callerNumber);
  }

  @Override
  public TemporaryPasswordOutcome setTemporaryPassword(
      String lineNumber, IvrService service, String temporaryPassword, String callerNumber) {
    return ivr.setTemporaryPassword(lineNumber, service, temporaryPassword, callerNumber);
  }
}
