package jp.callmail.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import jp.callmail.domain.model.line.LineRouting;
import jp.callmail.domain.model.line.LineRoutingRepository;

/**
 * {@link LineRoutingRepository} over JPA: the columns routing needs, in a constructor expression.
 */
@ApplicationScoped
public class JpaLineRoutingRepository implements LineRoutingRepository {

  private static final String ROUTING =
      "SELECT NEW jp.callmail.domain.model.line.LineRouting("
          + "l.phoneNumber, l.cancelledAt, l.callMail, l.faxMail, l.downstreamRoute) FROM ServiceLine l";

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Override
  public List<LineRouting> all() {
    return em.createQuery(ROUTING, LineRouting.class).getResultList();
  }

  @Override
  public List<LineRouting> changedSince(Instant since) {
    return em.createQuery(ROUTING + " WHERE l.routingChangedAt >= :since", LineRouting.class)
        .setParameter("since", since)
        .getResultList();
  }
}
