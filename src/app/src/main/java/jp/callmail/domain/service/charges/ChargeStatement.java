package jp.callmail.domain.service.charges;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * A month's charges: per line, per order, per contract (tax computed on the contract's subtotal)
 * and in total.
 */
public record ChargeStatement(
    YearMonth month,
    ChargeRules rules,
    List<LineCharge> lines,
    List<OrderCharge> orders,
    List<ContractTotal> contracts,
    Total total) {

  /**
   * One option of one line in the month.
   *
   * @param activeDays calendar days of the month on which the option was active at any moment
   */
  public record OptionCharge(ServiceOption option, int activeDays, int daysInMonth, long amount) {}

  /**
   * A line's month: its monthly fees and the per-number work fees of its orders in the month.
   *
   * @param callMail null when the option was not active in the month
   * @param faxMail null when the option was not active in the month
   */
  public record LineCharge(
      String contract,
      String line,
      OptionCharge callMail,
      OptionCharge faxMail,
      long perNumberWorkFees) {

    public long monthlyCharges() {
      return (callMail == null ? 0 : callMail.amount()) + (faxMail == null ? 0 : faxMail.amount());
    }

    public long total() {
      return monthlyCharges() + perNumberWorkFees;
    }
  }

  /**
   * An order placed in the month, with its work fees (zero when ordered with the phone service).
   */
  public record OrderCharge(
      long id,
      String contract,
      Instant orderedAt,
      boolean withPhoneService,
      int numbers,
      long basicFee,
      long perNumberFees) {

    public long total() {
      return basicFee + perNumberFees;
    }
  }

  /** A contract's month; the tax is computed once, on the subtotal. */
  public record ContractTotal(
      String contract, long monthlyCharges, long workFees, long subtotal, long tax, long total) {}

  /**
   * All contracts together: the sums of their totals (not a tax recomputed on the grand subtotal).
   */
  public record Total(long monthlyCharges, long workFees, long subtotal, long tax, long total) {}
}
