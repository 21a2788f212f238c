package jp.callmail.infrastructure.sip;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import jp.callmail.application.CallCompleted;
import jp.callmail.application.IvrCallerService;
import jp.callmail.application.LineDirectoryService;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.TemporaryPasswordOutcome;

/**
 * Thin bridge from the SIP connector to CDI: line lookups and the line table go to the line
 * directory, a completed call becomes a {@link CallCompleted} event fired in this bean's
 * transaction, so that observers record it atomically; the IVR's questions go to
 * {@link IvrCallerService}.
 */
@MessageDriven(
    messageListenerInterface = CallListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "callmail-sip-connector")
    })
public class CallListenerBean implements CallListener {

  @Inject private LineDirectoryService lines;

  @Inject private Event<CallCompleted> callCompleted;

  @Inject private IvrCallerService ivr;

  @Override
  public LineRoute lookupLine(String calledNumber) {
    return lines.routeFor(calledNumber);
  }

  @Override
  public LineRoutes lineRoutes(Instant changedSince) {
    return lines.routes(changedSince);
  }

  @Override
  public void callCompleted(CallCompletedRecord record) {
    callCompleted.fire(new CallCompleted(record));
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
