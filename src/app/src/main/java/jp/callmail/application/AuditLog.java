package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.audit.AuditEvent;
import jp.callmail.domain.model.line.PhoneNumbers;

/**
 * Records who changed what, in the caller's transaction: an entry exists exactly when its change
 * was committed. Each entry also goes to the server log.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
  public static final int MAX_PAGE = 200;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  /** An audit entry as the operator sees it. */
  public record Entry(
      String occurredAt, String actor, String action, String target, String detail) {}

  /** One page of a target's entries, newest first, and how many there are in all. */
  public record Page(String target, int offset, int limit, long total, List<Entry> entries) {}

  public void record(String actor, String action, String target, String detail) {
    em.persist(new AuditEvent(Instant.now(), actor, action, target, detail));
    LOG.info(
        () ->
            "audit actor="
                + actor
                + " action="
                + action
                + " target="
                + target
                + (detail == null ? "" : " " + detail));
  }

  /** The newest entries about a line or contract first. */
  public List<Entry> about(String target, int max) {
    return page(target, 0, Math.max(1, Math.min(max, MAX_PAGE))).entries();
  }

  /**
   * A page of the entries about a line (its number, as typed: hyphens and full-width digits
   * allowed) or a contract (its code).
   *
   * @param limit 1 to {@value #MAX_PAGE}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page page(String target, int offset, int limit) {
    if (target == null || target.isBlank()) {
      throw new RuleViolation(
          "target", "required", "Name a line number or contract code: ?target=0312345678");
    }
    Paging.check(offset, limit, MAX_PAGE);
    String digits = PhoneNumbers.normalise(target);
    String t = digits.matches("[0-9]+") ? digits : target.strip();
    long total =
        em.createNamedQuery(AuditEvent.COUNT_BY_TARGET, Long.class)
            .setParameter("target", t)
            .getSingleResult();
    List<Entry> entries =
        em.createNamedQuery(AuditEvent.BY_TARGET, AuditEvent.class)
            .setParameter("target", t)
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultStream()
            .map(AuditLog::entry)
            .toList();
    return new Page(t, offset, limit, total, entries);
  }

  /**
   * The newest entries of every target ("what happened lately?"), a page at a time.
   *
   * @param limit 1 to {@value #MAX_PAGE}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page recent(int offset, int limit) {
    Paging.check(offset, limit, MAX_PAGE);
    long total = em.createNamedQuery(AuditEvent.COUNT_ALL, Long.class).getSingleResult();
    List<Entry> entries =
        em.createNamedQuery(AuditEvent.RECENT, AuditEvent.class)
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultStream()
            .map(AuditLog::entry)
            .toList();
    return new Page(null, offset, limit, total, entries);
  }

  private static Entry entry(AuditEvent e) {
    return new Entry(
        e.getOccurredAt().toString(), e.getActor(), e.getAction(), e.getTarget(), e.getDetail());
  }
}
