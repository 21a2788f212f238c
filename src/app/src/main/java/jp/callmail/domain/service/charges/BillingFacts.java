package jp.callmail.domain.service.charges;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import jp.callmail.domain.model.line.ServiceOption;

/** What was recorded about lines, as the charge calculator reads it: option periods and orders. */
public final class BillingFacts {

  private BillingFacts() {}

  /**
   * A time during which a line had an option.
   *
   * @param end when the option was removed or the line cancelled (exclusive), or null while it
   *     lasts
   */
  public record OptionPeriod(
      String contract, String line, ServiceOption option, Instant start, Instant end) {
    public OptionPeriod {
      Objects.requireNonNull(contract);
      Objects.requireNonNull(line);
      Objects.requireNonNull(option);
      Objects.requireNonNull(start);
    }
  }

  /** One number and option of an order. */
  public record OrderedOption(String line, ServiceOption option) {}

  /**
   * An order that added options to numbers of a contract.
   *
   * @param withPhoneService ordered together with the phone service itself: no work fees
   */
  public record WorkOrder(
      long id,
      String contract,
      Instant orderedAt,
      boolean withPhoneService,
      List<OrderedOption> items) {
    public WorkOrder {
      Objects.requireNonNull(contract);
      Objects.requireNonNull(orderedAt);
      items = List.copyOf(items);
    }
  }
}
