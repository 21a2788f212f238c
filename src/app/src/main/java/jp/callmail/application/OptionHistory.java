package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.callmail.domain.model.billing.OptionPeriod;
import jp.callmail.domain.model.billing.ServiceOrder;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * Writes what the charge report bills, in the transaction of the provisioning change: an option
 * period opens when an option is ordered and closes when it is removed or the line cancelled; each
 * order that adds options is kept with its numbers, for its work fees.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OptionHistory {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  /**
   * New lines of one contract, ordered at once: one order for all their options, and a period for
   * each. Lines without any option make no order.
   */
  public void linesOrdered(
      Contract contract,
      List<ServiceLine> lines,
      boolean withPhoneService,
      String actor,
      Instant now) {
    ServiceOrder order = new ServiceOrder(contract, now, withPhoneService, actor);
    for (ServiceLine line : lines) {
      for (ServiceOption option : ServiceOption.values()) {
        if (option.isOn(line)) {
          em.persist(new OptionPeriod(line, option, now));
          order.add(line, option);
        }
      }
    }
    if (!order.getItems().isEmpty()) {
      em.persist(order);
    }
  }

  /**
   * Options added to an existing number are an order on their own; removed ones end their period.
   */
  public void optionsChanged(
      ServiceLine line, boolean hadCallMail, boolean hadFaxMail, String actor, Instant now) {
    List<ServiceOption> added = new ArrayList<>();
    for (ServiceOption option : ServiceOption.values()) {
      boolean had = option == ServiceOption.CALL_MAIL ? hadCallMail : hadFaxMail;
      if (!had && option.isOn(line)) {
        em.persist(new OptionPeriod(line, option, now));
        added.add(option);
      } else if (had && !option.isOn(line)) {
        openPeriods(line).stream().filter(p -> p.getOption() == option).forEach(p -> p.end(now));
      }
    }
    if (!added.isEmpty()) {
      ServiceOrder order = new ServiceOrder(line.getContract(), now, false, actor);
      added.forEach(option -> order.add(line, option));
      em.persist(order);
    }
  }

  /** A cancelled line's options end with it. */
  public void lineCancelled(ServiceLine line, Instant now) {
    openPeriods(line).forEach(p -> p.end(now));
  }

  private List<OptionPeriod> openPeriods(ServiceLine line) {
    return em.createNamedQuery(OptionPeriod.OPEN_FOR_LINE, OptionPeriod.class)
        .setParameter("line", line)
        .getResultList();
  }
}
