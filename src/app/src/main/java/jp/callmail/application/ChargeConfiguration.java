package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.service.charges.ChargeRules;
import jp.callmail.domain.service.charges.ChargeRules.Proration;
import jp.callmail.domain.service.charges.ChargeRules.TaxRounding;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The price list and billing rules from MicroProfile Config ({@code callmail.charges.*}). A wrong
 * setting fails the report with a message naming the setting, rather than billing by a guess.
 */
@ApplicationScoped
public class ChargeConfiguration {

  @Inject
  @ConfigProperty(name = "callmail.charges.call-mail.monthly", defaultValue = "100")
  long callMailMonthly;

  /** Same as the call-mail option unless set. */
  @Inject
  @ConfigProperty(name = "callmail.charges.fax-mail.monthly")
  Optional<Long> faxMailMonthly;

  @Inject
  @ConfigProperty(name = "callmail.charges.proration", defaultValue = "whole-month")
  String proration;

  @Inject
  @ConfigProperty(name = "callmail.charges.tax-rate-percent", defaultValue = "10")
  String taxRatePercent;

  @Inject
  @ConfigProperty(name = "callmail.charges.tax-rounding", defaultValue = "floor")
  String taxRounding;

  @Inject
  @ConfigProperty(name = "callmail.charges.work-fee.basic", defaultValue = "1000")
  long basicWorkFee;

  @Inject
  @ConfigProperty(name = "callmail.charges.work-fee.per-number", defaultValue = "1000")
  long perNumberWorkFee;

  @Inject
  @ConfigProperty(name = "callmail.charges.zone", defaultValue = "Asia/Tokyo")
  String zone;

  public ChargeRules rules() {
    try {
      return new ChargeRules(
          callMailMonthly,
          faxMailMonthly.orElse(callMailMonthly),
          Proration.parse("callmail.charges.proration", proration),
          taxRate(),
          TaxRounding.parse("callmail.charges.tax-rounding", taxRounding),
          basicWorkFee,
          perNumberWorkFee,
          zone());
    } catch (RuleViolation | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Charge settings (callmail.charges.*) are wrong: " + e.getMessage(), e);
    }
  }

  private BigDecimal taxRate() {
    try {
      return new BigDecimal(taxRatePercent.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "callmail.charges.tax-rate-percent '" + taxRatePercent + "' is not a number");
    }
  }

  private ZoneId zone() {
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("callmail.charges.zone '" + zone + "' is not a time zone");
    }
  }
}
