package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.callmail.application.Views.CallPage;
import jp.callmail.application.Views.CallView;
import jp.callmail.application.Views.MailView;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.mail.OutboxMail;

/**
 * A line's calls, each with its mails' delivery states ("I enabled it but nothing arrives"). Pages
 * are cut in the database (offset/limit on the {@code (line_id, call_time)} index) and counted
 * there; a page's mails come in one more query, so a line with years of calls never loads them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CallLogQueries {

  public static final int MAX_LIMIT = 500;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;

  @Inject private CallWords words;

  /**
   * The newest calls (the portal's history): {@code limit} is kept within 1 to {@value #MAX_LIMIT}.
   */
  public List<CallView> recentCalls(String number, int limit) {
    return page(number, 0, Math.max(1, Math.min(limit, MAX_LIMIT))).calls();
  }

  /** A page of the call log, newest first; {@code limit} is 1 to {@value #MAX_LIMIT}. */
  public CallPage page(String number, int offset, int limit) {
    Paging.check(offset, limit, MAX_LIMIT);
    String line = provisioning.requireLine(number).getPhoneNumber();
    long total =
        em.createNamedQuery(CallLogEntry.COUNT_FOR_LINE, Long.class)
            .setParameter("number", line)
            .getSingleResult();
    List<CallLogEntry> calls =
        total <= offset
            ? List.of()
            : em.createNamedQuery(CallLogEntry.RECENT_FOR_LINE, CallLogEntry.class)
                .setParameter("number", line)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    Map<Long, List<MailView>> mails =
        calls.isEmpty()
            ? Map.of()
            : em.createNamedQuery(OutboxMail.FOR_CALLS, OutboxMail.class)
                .setParameter("callLogIds", calls.stream().map(CallLogEntry::getId).toList())
                .getResultStream()
                .collect(
                    Collectors.groupingBy(
                        m -> m.getCall().getId(),
                        Collectors.mapping(MailService::view, Collectors.toList())));
    return new CallPage(
        total,
        offset,
        limit,
        calls.stream().map(c -> view(c, mails.getOrDefault(c.getId(), List.of()))).toList());
  }

  private CallView view(CallLogEntry call, List<MailView> mails) {
    return new CallView(
        call.getCallId(),
        call.localCallTime(),
        call.getCalledNumber(),
        call.getCallerNumber(),
        words.withheldReason(call.getWithheldReason()),
        call.getRingingSeconds(),
        words.outcome(call.getOutcome()),
        call.getMailDecision(),
        mails,
        MailDecisionCodes.code(call.getMailDecision()),
        MailDecisionCodes.count(call.getMailDecision()),
        call.getKind().name(),
        call.getFaxMailDecision(),
        MailDecisionCodes.code(call.getFaxMailDecision()),
        MailDecisionCodes.count(call.getFaxMailDecision()));
  }
}
