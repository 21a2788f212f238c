package jp.callmail.domain.service.charges;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * The price list and the rules that turn recorded option periods and orders into yen. All amounts
 * are whole yen. The defaults follow the service guide: 100 yen a month per number and option (tax
 * extra), a basic work fee per order and a per-number work fee when the option is ordered on its
 * own, free with the phone service.
 *
 * @param callMailMonthly 月額利用料 of 着信お知らせメール per line
 * @param faxMailMonthly 月額利用料 of FAXお知らせメール per line
 * @param proration how a month in which the option was active only part of the time is billed
 * @param taxRatePercent consumption tax rate, e.g. 10 (the guide's 105 yen is 100 at 5)
 * @param taxRounding how the tax of a contract's month is rounded to the yen
 * @param basicWorkFee 基本工事費, once per order of an option on its own
 * @param perNumberWorkFee 交換機等工事費, per number and option in such an order
 * @param zone the time zone whose calendar months are the billing months
 */
public record ChargeRules(
    long callMailMonthly,
    long faxMailMonthly,
    Proration proration,
    BigDecimal taxRatePercent,
    TaxRounding taxRounding,
    long basicWorkFee,
    long perNumberWorkFee,
    ZoneId zone) {

  /** How a month with the option active for only part of it is billed. */
  public enum Proration {
    /**
     * Any moment active in the month bills the whole month (the default: the guide prices by
     * month).
     */
    WHOLE_MONTH,
    /**
     * Fee × days active ÷ days in the month, rounded down to the yen; a day counts if active at
     * all.
     */
    DAILY;

    /** Parses {@code whole-month} or {@code daily}, naming the setting when it is neither. */
    public static Proration parse(String setting, String value) {
      return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
        case "whole-month" -> WHOLE_MONTH;
        case "daily" -> DAILY;
        default ->
            throw new RuleViolation(
                setting, "proration", "'" + value + "' is not whole-month or daily");
      };
    }

    public String setting() {
      return this == WHOLE_MONTH ? "whole-month" : "daily";
    }
  }

  /** How the tax of a contract's month is rounded to the yen. */
  public enum TaxRounding {
    FLOOR(RoundingMode.FLOOR, "floor"),
    HALF_UP(RoundingMode.HALF_UP, "half-up"),
    CEILING(RoundingMode.CEILING, "ceiling");

    private final RoundingMode mode;
    private final String setting;

    TaxRounding(RoundingMode mode, String setting) {
      this.mode = mode;
      this.setting = setting;
    }

    /** Parses {@code floor}, {@code half-up} or {@code ceiling}. */
    public static TaxRounding parse(String setting, String value) {
      String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
      for (TaxRounding r : values()) {
        if (r.setting.equals(v)) {
          return r;
        }
      }
      throw new RuleViolation(
          setting, "tax-rounding", "'" + value + "' is not floor, half-up or ceiling");
    }

    public RoundingMode mode() {
      return mode;
    }

    public String setting() {
      return setting;
    }
  }

  public ChargeRules {
    Objects.requireNonNull(proration);
    Objects.requireNonNull(taxRounding);
    Objects.requireNonNull(zone);
    if (callMailMonthly < 0 || faxMailMonthly < 0 || basicWorkFee < 0 || perNumberWorkFee < 0) {
      throw new IllegalArgumentException("Charges are whole yen, not negative");
    }
    if (taxRatePercent == null
        || taxRatePercent.signum() < 0
        || taxRatePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(
          "A tax rate is a percentage from 0 to 100, not " + taxRatePercent);
    }
  }

  /**
   * The guide's price list with today's 10 % tax, whole-month billing and tax rounded down, in
   * Japan.
   */
  public static ChargeRules defaults() {
    return new ChargeRules(
        100,
        100,
        Proration.WHOLE_MONTH,
        BigDecimal.TEN,
        TaxRounding.FLOOR,
        1000,
        1000,
        ZoneId.of("Asia/Tokyo"));
  }

  public long monthly(ServiceOption option) {
    return option == ServiceOption.CALL_MAIL ? callMailMonthly : faxMailMonthly;
  }

  /** The tax on an amount, rounded by {@link #taxRounding}. */
  public long taxOn(long amount) {
    return BigDecimal.valueOf(amount)
        .multiply(taxRatePercent)
        .divide(BigDecimal.valueOf(100))
        .setScale(0, taxRounding.mode())
        .longValueExact();
  }
}
