package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.domain.model.audit.AuditEvent;

/**
 * Records who changed what, in the caller's transaction: an entry exists exactly when its change
 * was committed. Each entry also goes to the server log.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  /** An audit entry as the operator sees it. */
  public record Entry(String occurredAt, String actor, String action, String target, String detail) {}

  public void record(String actor, String action, String target, String detail) {
    em.persist(new AuditEvent(Instant.now(), actor, action, target, detail));
    LOG.info(() -> "audit actor=" + actor + " action=" + action + " target=" + target
        + (detail == null ? "" : " " + detail));
  }

  /** The newest entries about a line or contract first. */
  public List<Entry> about(String target, int max) {
    return em.createNamedQuery(AuditEvent.BY_TARGET, AuditEvent.class)
        .setParameter("target", target)
        .setMaxResults(max)
        .getResultStream()
        .map(e -> new Entry(e.getOccurredAt().toString(), e.getActor(), e.getAction(), e.getTarget(), e.getDetail()))
        .toList();
  }
}
