package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.sip.api.LineRoute;

/**
 * Tells the SIP connector which numbers are watched and where their calls go. A stopped line is
 * still watched: its calls are logged with the reason they made no mail.
 */
@ApplicationScoped
public class LineDirectoryService {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Transactional(Transactional.TxType.SUPPORTS)
  public LineRoute routeFor(String calledNumber) {
    return em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
        .setParameter("number", calledNumber)
        .getResultStream()
        .findFirst()
        .map(line -> new LineRoute(calledNumber, line.isWatched(), line.getDownstreamRoute()))
        .orElseGet(() -> LineRoute.unwatched(calledNumber));
  }
}
