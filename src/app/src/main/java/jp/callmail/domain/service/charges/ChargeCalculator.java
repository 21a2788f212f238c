package jp.callmail.domain.service.charges;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.service.charges.BillingFacts.OptionPeriod;
import jp.callmail.domain.service.charges.BillingFacts.OrderedOption;
import jp.callmail.domain.service.charges.BillingFacts.WorkOrder;
import jp.callmail.domain.service.charges.ChargeStatement.ContractTotal;
import jp.callmail.domain.service.charges.ChargeStatement.LineCharge;
import jp.callmail.domain.service.charges.ChargeStatement.OptionCharge;
import jp.callmail.domain.service.charges.ChargeStatement.OrderCharge;
import jp.callmail.domain.service.charges.ChargeStatement.Total;

/**
 * Turns a month's option periods and orders into charges. Billing months are calendar months of
 * {@link ChargeRules#zone()}; a period is half-open ({@code [start, end)}), so an option removed at
 * 00:00 on the 1st was not active in that month, and one added at 23:59 on the last day was.
 *
 * <p>Several periods of one line and option in a month (removed and added again) are billed once:
 * whole-month billing charges the month if any period touches it; daily billing counts each
 * calendar day once, however many periods touch it. Orders belong to the month they were placed in.
 */
public final class ChargeCalculator {

  private final ChargeRules rules;

  public ChargeCalculator(ChargeRules rules) {
    this.rules = Objects.requireNonNull(rules);
  }

  /** Facts outside the month are ignored, so callers may pass more than the month's. */
  public ChargeStatement calculate(
      YearMonth month, List<OptionPeriod> periods, List<WorkOrder> orders) {
    Instant from = month.atDay(1).atStartOfDay(rules.zone()).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(rules.zone()).toInstant();

    Map<String, LineMonth> lines = new TreeMap<>();
    for (OptionPeriod p : periods) {
      Instant start = p.start().isAfter(from) ? p.start() : from;
      Instant end = p.end() == null || p.end().isAfter(to) ? to : p.end();
      if (start.isBefore(end)) {
        lines
            .computeIfAbsent(p.line(), n -> new LineMonth(p.contract(), n))
            .activeDays(p.option(), month)
            .set(day(start), day(end.minusNanos(1)) + 1);
      }
    }

    List<OrderCharge> orderCharges = new ArrayList<>();
    for (WorkOrder o :
        orders.stream()
            .sorted(Comparator.comparing(WorkOrder::orderedAt).thenComparing(WorkOrder::id))
            .toList()) {
      if (o.orderedAt().isBefore(from) || !o.orderedAt().isBefore(to)) {
        continue;
      }
      long perNumber = o.withPhoneService() ? 0 : rules.perNumberWorkFee();
      for (OrderedOption item : o.items()) {
        lines.computeIfAbsent(item.line(), n -> new LineMonth(o.contract(), n)).perNumberWorkFees +=
            perNumber;
      }
      orderCharges.add(
          new OrderCharge(
              o.id(),
              o.contract(),
              o.orderedAt(),
              o.withPhoneService(),
              o.items().size(),
              o.withPhoneService() ? 0 : rules.basicWorkFee(),
              perNumber * o.items().size()));
    }

    List<LineCharge> lineCharges =
        lines.values().stream()
            .map(l -> l.charge(month))
            .sorted(Comparator.comparing(LineCharge::contract).thenComparing(LineCharge::line))
            .toList();
    List<ContractTotal> contracts = contractTotals(lineCharges, orderCharges);
    Total total =
        new Total(
            contracts.stream().mapToLong(ContractTotal::monthlyCharges).sum(),
            contracts.stream().mapToLong(ContractTotal::workFees).sum(),
            contracts.stream().mapToLong(ContractTotal::subtotal).sum(),
            contracts.stream().mapToLong(ContractTotal::tax).sum(),
            contracts.stream().mapToLong(ContractTotal::total).sum());
    return new ChargeStatement(month, rules, lineCharges, orderCharges, contracts, total);
  }

  private List<ContractTotal> contractTotals(
      List<LineCharge> lineCharges, List<OrderCharge> orderCharges) {
    Map<String, long[]> sums = new TreeMap<>(); // contract -> {monthly, work fees}
    for (LineCharge l : lineCharges) {
      long[] s = sums.computeIfAbsent(l.contract(), c -> new long[2]);
      s[0] += l.monthlyCharges();
      s[1] += l.perNumberWorkFees();
    }
    for (OrderCharge o : orderCharges) {
      sums.computeIfAbsent(o.contract(), c -> new long[2])[1] += o.basicFee();
    }
    List<ContractTotal> totals = new ArrayList<>();
    sums.forEach(
        (contract, s) -> {
          long subtotal = s[0] + s[1];
          long tax = rules.taxOn(subtotal);
          totals.add(new ContractTotal(contract, s[0], s[1], subtotal, tax, subtotal + tax));
        });
    return totals;
  }

  /** Day of the month (1-based) of an instant inside the month, in the billing zone. */
  private int day(Instant instant) {
    ZonedDateTime local = instant.atZone(rules.zone());
    return local.getDayOfMonth();
  }

  /** What one line did in the month, collected before it is priced. */
  private final class LineMonth {
    private final String contract;
    private final String line;
    private final Map<ServiceOption, BitSet> days = new EnumMap<>(ServiceOption.class);
    private long perNumberWorkFees;

    LineMonth(String contract, String line) {
      this.contract = contract;
      this.line = line;
    }

    BitSet activeDays(ServiceOption option, YearMonth month) {
      return days.computeIfAbsent(option, o -> new BitSet(month.lengthOfMonth() + 1));
    }

    LineCharge charge(YearMonth month) {
      return new LineCharge(
          contract,
          line,
          price(ServiceOption.CALL_MAIL, month),
          price(ServiceOption.FAX_MAIL, month),
          perNumberWorkFees);
    }

    private OptionCharge price(ServiceOption option, YearMonth month) {
      BitSet active = days.get(option);
      if (active == null || active.isEmpty()) {
        return null;
      }
      int activeDays = active.cardinality();
      int length = month.lengthOfMonth();
      long fee = rules.monthly(option);
      long amount =
          switch (rules.proration()) {
            case WHOLE_MONTH -> fee;
            case DAILY -> fee * activeDays / length; // whole yen, rounded down
          };
      return new OptionCharge(option, activeDays, length, amount);
    }
  }
}
