package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import jp.callmail.application.Views.CallView;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.mail.OutboxMail;

/** A line's recent calls, each with its mails' delivery states ("I enabled it but nothing arrives"). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CallLogQueries {

  private static final int MAX_LIMIT = 500;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;

  public List<CallView> recentCalls(String number, int limit) {
    String line = provisioning.requireLine(number).getPhoneNumber();
    return em.createNamedQuery(CallLogEntry.RECENT_FOR_LINE, CallLogEntry.class)
        .setParameter("number", line)
        .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
        .getResultStream()
        .map(this::view)
        .toList();
  }

  private CallView view(CallLogEntry call) {
    List<OutboxMail> mails = em.createNamedQuery(OutboxMail.FOR_CALL, OutboxMail.class)
        .setParameter("callLogId", call.getId())
        .getResultList();
    return new CallView(call.getCallId(), call.localCallTime(), call.getCalledNumber(), call.getCallerNumber(),
        call.getWithheldReason().label(), call.getRingingSeconds(), call.getOutcome().label(), call.getMailDecision(),
        mails.stream().map(MailService::view).toList());
  }
}
