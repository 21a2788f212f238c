package jp.callmail.domain.model.billing;

import java.time.Instant;
import java.util.List;

/**
 * What the monthly charge report reads of option periods and orders, as rows rather than entities:
 * a month of every contract in two queries. Implemented with JPA in {@code
 * infrastructure.persistence}.
 */
public interface BillingRepository {

  /** The option periods that touch {@code [from, to)}. */
  List<BilledPeriod> periodsOverlapping(Instant from, Instant to);

  /** The items of the orders placed in {@code [from, to)}, by order time, order and number. */
  List<OrderedItem> itemsOrderedBetween(Instant from, Instant to);
}
