package jp.callmail.domain.model.billing;

import java.time.Instant;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * One item of a {@link ServiceOrder} (a number and an option) with its order's head, as the charge
 * report reads it: one row per item, so that a month's orders come in one query. The components'
 * types are the entities' fields' exactly, as a JPQL constructor expression needs.
 */
public record OrderedItem(
    Long orderId,
    String contract,
    Instant orderedAt,
    boolean withPhoneService,
    String line,
    ServiceOption option) {}
