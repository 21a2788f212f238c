package jp.callmail.domain.model.billing;

import java.time.Instant;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * An {@link OptionPeriod} as the charge report reads it, with its line's number and contract's
 * code; the components' types are the entity's fields' exactly, as a JPQL constructor expression
 * needs.
 *
 * @param end when the option was removed or the line cancelled, or null while it lasts
 */
public record BilledPeriod(
    String contract, String line, ServiceOption option, Instant start, Instant end) {}
