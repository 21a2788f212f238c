package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.callmail.application.Views.ChargeLineView;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.application.Views.ChargeTotalView;
import jp.callmail.application.Views.ContractChargeView;
import jp.callmail.application.Views.WorkOrderView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.billing.BillingRepository;
import jp.callmail.domain.model.billing.OrderedItem;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.service.charges.BillingFacts;
import jp.callmail.domain.service.charges.BillingFacts.OrderedOption;
import jp.callmail.domain.service.charges.BillingFacts.WorkOrder;
import jp.callmail.domain.service.charges.ChargeCalculator;
import jp.callmail.domain.service.charges.ChargeRules;
import jp.callmail.domain.service.charges.ChargeStatement;

/**
 * The monthly charge report (SPEC §8): reads the month's option periods and orders in two queries
 * ({@link BillingRepository}) and leaves the arithmetic to {@link ChargeCalculator}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ChargeReportService {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ChargeConfiguration configuration;

  @Inject private BillingRepository billing;

  /**
   * @param month {@code yyyy-MM}, e.g. 2026-11
   */
  public ChargeReportView report(String month) {
    YearMonth ym = month(month);
    ChargeRules rules = configuration.rules();
    Instant from = ym.atDay(1).atStartOfDay(rules.zone()).toInstant();
    Instant to = ym.plusMonths(1).atDay(1).atStartOfDay(rules.zone()).toInstant();
    ChargeStatement statement =
        new ChargeCalculator(rules).calculate(ym, periods(from, to), orders(from, to));
    return view(statement, contractNames(statement));
  }

  static YearMonth month(String month) {
    if (month == null || month.isBlank()) {
      throw new RuleViolation("month", "required", "Name the month: ?month=2026-11");
    }
    try {
      YearMonth ym = YearMonth.parse(month.strip());
      if (ym.getYear() < 2000 || ym.getYear() > 9999) {
        throw new DateTimeException("out of range");
      }
      return ym;
    } catch (DateTimeException e) {
      throw new RuleViolation(
          "month", "year-month", "A month is written yyyy-MM, e.g. 2026-11, not '" + month + "'");
    }
  }

  private List<BillingFacts.OptionPeriod> periods(Instant from, Instant to) {
    return billing.periodsOverlapping(from, to).stream()
        .map(
            p ->
                new BillingFacts.OptionPeriod(
                    p.contract(), p.line(), p.option(), p.start(), p.end()))
        .toList();
  }

  /** The month's orders, each with its items (the rows come one per item, ordered by order). */
  private List<WorkOrder> orders(Instant from, Instant to) {
    Map<Long, OrderedItem> heads = new LinkedHashMap<>();
    Map<Long, List<OrderedOption>> items = new LinkedHashMap<>();
    for (OrderedItem item : billing.itemsOrderedBetween(from, to)) {
      heads.putIfAbsent(item.orderId(), item);
      items
          .computeIfAbsent(item.orderId(), k -> new ArrayList<>())
          .add(new OrderedOption(item.line(), item.option()));
    }
    List<WorkOrder> orders = new ArrayList<>();
    heads.forEach(
        (id, head) ->
            orders.add(
                new WorkOrder(
                    id,
                    head.contract(),
                    head.orderedAt(),
                    head.withPhoneService(),
                    items.get(id))));
    return orders;
  }

  private Map<String, String> contractNames(ChargeStatement statement) {
    Map<String, String> names = new TreeMap<>();
    statement.contracts().forEach(c -> names.put(c.contract(), null));
    for (String code : names.keySet()) {
      em.createNamedQuery(Contract.BY_CODE, Contract.class)
          .setParameter("code", code)
          .getResultStream()
          .findFirst()
          .ifPresent(c -> names.put(code, c.getName()));
    }
    return names;
  }

  static ChargeReportView view(ChargeStatement s, Map<String, String> names) {
    ChargeRules r = s.rules();
    return new ChargeReportView(
        s.month().toString(),
        r.zone().getId(),
        r.proration().setting(),
        r.taxRatePercent(),
        r.taxRounding().setting(),
        s.lines().stream()
            .map(
                l ->
                    new ChargeLineView(
                        l.contract(),
                        names.get(l.contract()),
                        l.line(),
                        s.month().lengthOfMonth(),
                        l.callMail() == null ? null : l.callMail().activeDays(),
                        l.callMail() == null ? null : l.callMail().amount(),
                        l.faxMail() == null ? null : l.faxMail().activeDays(),
                        l.faxMail() == null ? null : l.faxMail().amount(),
                        l.perNumberWorkFees(),
                        l.total()))
            .toList(),
        s.orders().stream()
            .map(
                o ->
                    new WorkOrderView(
                        o.id(),
                        o.contract(),
                        o.orderedAt().toString(),
                        o.withPhoneService(),
                        o.numbers(),
                        o.basicFee(),
                        o.perNumberFees()))
            .toList(),
        s.contracts().stream()
            .map(
                c ->
                    new ContractChargeView(
                        c.contract(),
                        names.get(c.contract()),
                        c.monthlyCharges(),
                        c.workFees(),
                        c.subtotal(),
                        c.tax(),
                        c.total()))
            .toList(),
        new ChargeTotalView(
            s.total().monthlyCharges(),
            s.total().workFees(),
            s.total().subtotal(),
            s.total().tax(),
            s.total().total()));
  }
}
