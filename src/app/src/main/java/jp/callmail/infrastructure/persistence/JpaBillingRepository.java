package jp.callmail.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import jp.callmail.domain.model.billing.BilledPeriod;
import jp.callmail.domain.model.billing.BillingRepository;
import jp.callmail.domain.model.billing.OrderedItem;

/** {@link BillingRepository} over JPA: one query each, rows made by constructor expressions. */
@ApplicationScoped
public class JpaBillingRepository implements BillingRepository {

  private static final String PERIODS_OVERLAPPING =
      "SELECT NEW jp.callmail.domain.model.billing.BilledPeriod("
          + "c.code, l.phoneNumber, p.serviceOption, p.startedAt, p.endedAt)"
          + " FROM OptionPeriod p JOIN p.line l JOIN l.contract c"
          + " WHERE p.startedAt < :to AND (p.endedAt IS NULL OR p.endedAt > :from)";

  private static final String ITEMS_ORDERED_BETWEEN =
      "SELECT NEW jp.callmail.domain.model.billing.OrderedItem("
          + "o.id, c.code, o.orderedAt, o.withPhoneService, l.phoneNumber, i.serviceOption)"
          + " FROM ServiceOrderItem i JOIN i.serviceOrder o JOIN o.contract c JOIN i.line l"
          + " WHERE o.orderedAt >= :from AND o.orderedAt < :to ORDER BY o.orderedAt, o.id, l.phoneNumber";

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Override
  public List<BilledPeriod> periodsOverlapping(Instant from, Instant to) {
    return em.createQuery(PERIODS_OVERLAPPING, BilledPeriod.class)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultList();
  }

  @Override
  public List<OrderedItem> itemsOrderedBetween(Instant from, Instant to) {
    return em.createQuery(ITEMS_ORDERED_BETWEEN, OrderedItem.class)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultList();
  }
}
