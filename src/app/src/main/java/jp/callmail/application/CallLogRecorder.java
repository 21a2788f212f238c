package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.logging.Logger;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.sip.api.CallCompletedRecord;

/**
 * Writes every completed call to the call log, in the transaction of the delivery. A call already
 * logged (the connector redelivered it) is not logged twice.
 */
@ApplicationScoped
public class CallLogRecorder {

  private static final Logger LOG = Logger.getLogger(CallLogRecorder.class.getName());

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Transactional
  public void record(@Observes CallCompleted event) {
    CallCompletedRecord record = event.record();
    ServiceLine line =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", record.calledNumber())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (line == null) {
      LOG.warning(() -> "Call " + record.callId() + " to " + record.calledNumber() + " is for no service line; not logged");
      return;
    }
    boolean known =
        em.createNamedQuery(CallLogEntry.BY_CALL_ID, CallLogEntry.class)
            .setParameter("callId", record.callId())
            .getResultStream()
            .anyMatch(entry -> entry.getLine().getId().equals(line.getId()));
    if (known) {
      LOG.info(() -> "Call " + record.callId() + " already logged; duplicate delivery ignored");
      return;
    }
    CallLogEntry entry = new CallLogEntry(line, record);
    em.persist(entry);
    LOG.info(() -> String.format(
        "call-id=%s line=%s 着信日時:%s 発信者通知番号:%s 非通知理由:%s 呼出時間:%d秒 着信状態:%s",
        record.callId(), line.getPhoneNumber(), entry.localCallTime(), record.callerNumber(),
        record.withheldReason().label(), record.ringingSeconds(), record.outcome().label()));
  }
}
