package jp.callmail.domain.service.charges;

import static jp.callmail.domain.model.line.ServiceOption.CALL_MAIL;
import static jp.callmail.domain.model.line.ServiceOption.FAX_MAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.service.charges.BillingFacts.OptionPeriod;
import jp.callmail.domain.service.charges.BillingFacts.OrderedOption;
import jp.callmail.domain.service.charges.BillingFacts.WorkOrder;
import jp.callmail.domain.service.charges.ChargeRules.Proration;
import jp.callmail.domain.service.charges.ChargeRules.TaxRounding;
import jp.callmail.domain.service.charges.ChargeStatement.ContractTotal;
import jp.callmail.domain.service.charges.ChargeStatement.LineCharge;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChargeCalculatorTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final YearMonth NOV = YearMonth.of(2026, 11);
  private static final ChargeRules WHOLE = ChargeRules.defaults();
  private static final ChargeRules DAILY = rules(Proration.DAILY, "10", TaxRounding.FLOOR);

  private static ChargeRules rules(Proration proration, String taxPercent, TaxRounding rounding) {
    return new ChargeRules(
        100, 100, proration, new BigDecimal(taxPercent), rounding, 1000, 1000, TOKYO);
  }

  /** An instant given as Tokyo wall-clock time. */
  private static Instant jst(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
  }

  private static OptionPeriod period(String line, ServiceOption option, String start, String end) {
    return new OptionPeriod("C-1", line, option, jst(start), end == null ? null : jst(end));
  }

  private static ChargeStatement calc(
      ChargeRules rules, YearMonth month, List<OptionPeriod> periods, List<WorkOrder> orders) {
    return new ChargeCalculator(rules).calculate(month, periods, orders);
  }

  private static LineCharge onlyLine(ChargeStatement s) {
    assertThat(s.lines()).hasSize(1);
    return s.lines().get(0);
  }

  @Nested
  class MonthBoundaries {

    @Test
    void aPeriodStartingOnThe1stAtMidnightJstBillsThatMonth() {
      LineCharge line =
          onlyLine(
              calc(
                  WHOLE,
                  NOV,
                  List.of(period("0311112222", CALL_MAIL, "2026-11-01T00:00", null)),
                  List.of()));
      assertThat(line.callMail().amount()).isEqualTo(100);
      assertThat(line.callMail().activeDays()).isEqualTo(30);
    }

    @Test
    void aPeriodStartingOnTheLastDayAt2359JstBillsThatMonthWhole() {
      LineCharge line =
          onlyLine(
              calc(
                  WHOLE,
                  NOV,
                  List.of(period("0311112222", CALL_MAIL, "2026-11-30T23:59", null)),
                  List.of()));
      assertThat(line.callMail().amount()).isEqualTo(100);
      assertThat(line.callMail().activeDays()).isEqualTo(1);
    }

    @Test
    void underDailyTheLastDayAt2359IsOneDay() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  NOV,
                  List.of(period("0311112222", CALL_MAIL, "2026-11-30T23:59", null)),
                  List.of()));
      assertThat(line.callMail().amount()).isEqualTo(3); // 100 × 1 / 30 = 3.33 → 3
    }

    @Test
    void aPeriodStartingAtMidnightOfTheNextMonthIsNotBilledInThisOne() {
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-12-01T00:00", null)),
              List.of());
      assertThat(s.lines()).isEmpty();
      assertThat(s.total().total()).isZero();
    }

    @Test
    void anOptionRemovedAtMidnightOfThe1stWasNotActiveInThatMonth() {
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-10-15T10:00", "2026-11-01T00:00")),
              List.of());
      assertThat(s.lines()).isEmpty();
    }

    @Test
    void monthsAreTokyoMonthsNotUtcMonths() {
      // 2026-10-31T15:30Z is 2026-11-01 00:30 in Tokyo: November, not October
      Instant start = Instant.parse("2026-10-31T15:30:00Z");
      OptionPeriod p = new OptionPeriod("C-1", "0311112222", CALL_MAIL, start, null);
      assertThat(calc(WHOLE, YearMonth.of(2026, 10), List.of(p), List.of()).lines()).isEmpty();
      assertThat(onlyLine(calc(WHOLE, NOV, List.of(p), List.of())).callMail().activeDays())
          .isEqualTo(30);
    }

    @Test
    void theBillingZoneIsConfigurable() {
      ChargeRules utc =
          new ChargeRules(
              100,
              100,
              Proration.WHOLE_MONTH,
              BigDecimal.TEN,
              TaxRounding.FLOOR,
              1000,
              1000,
              ZoneId.of("UTC"));
      OptionPeriod p =
          new OptionPeriod(
              "C-1", "0311112222", CALL_MAIL, Instant.parse("2026-10-31T15:30:00Z"), null);
      assertThat(
              onlyLine(calc(utc, YearMonth.of(2026, 10), List.of(p), List.of()))
                  .callMail()
                  .activeDays())
          .isEqualTo(1);
    }

    @Test
    void aPeriodThatLastsTheWholeMonthAndBeyondBillsFully() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  NOV,
                  List.of(period("0311112222", CALL_MAIL, "2025-01-01T00:00", "2027-01-01T00:00")),
                  List.of()));
      assertThat(line.callMail().activeDays()).isEqualTo(30);
      assertThat(line.callMail().amount()).isEqualTo(100);
    }
  }

  @Nested
  class Cancellation {

    private final List<OptionPeriod> cancelledOn15th =
        List.of(period("0311112222", CALL_MAIL, "2026-01-10T09:00", "2026-11-15T10:00"));

    @Test
    void aMidMonthCancellationStillBillsTheMonthUnderWholeMonth() {
      assertThat(onlyLine(calc(WHOLE, NOV, cancelledOn15th, List.of())).callMail().amount())
          .isEqualTo(100);
    }

    @Test
    void aMidMonthCancellationIsProRatedUnderDaily() {
      LineCharge line = onlyLine(calc(DAILY, NOV, cancelledOn15th, List.of()));
      assertThat(line.callMail().activeDays()).isEqualTo(15);
      assertThat(line.callMail().amount()).isEqualTo(50); // 100 × 15 / 30
    }

    @Test
    void aCancellationAtMidnightDoesNotCountTheDayThatBegins() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  NOV,
                  List.of(period("0311112222", CALL_MAIL, "2026-01-10T09:00", "2026-11-16T00:00")),
                  List.of()));
      assertThat(line.callMail().activeDays()).isEqualTo(15);
    }

    @Test
    void theMonthAfterTheCancellationIsNotBilled() {
      assertThat(calc(WHOLE, YearMonth.of(2026, 12), cancelledOn15th, List.of()).lines()).isEmpty();
    }
  }

  @Nested
  class AddedAndRemovedInOneMonth {

    @Test
    void addedAndRemovedInTheSameMonthBillsTheMonthOnceUnderWholeMonth() {
      LineCharge line =
          onlyLine(
              calc(
                  WHOLE,
                  NOV,
                  List.of(
                      period("0311112222", CALL_MAIL, "2026-11-03T10:00", "2026-11-05T10:00"),
                      period("0311112222", CALL_MAIL, "2026-11-20T10:00", "2026-11-21T10:00")),
                  List.of()));
      assertThat(line.callMail().amount()).isEqualTo(100);
    }

    @Test
    void underDailyEachDayCountsOnceWhateverThePeriods() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  NOV,
                  List.of(
                      period(
                          "0311112222",
                          CALL_MAIL,
                          "2026-11-03T10:00",
                          "2026-11-05T10:00"), // 3, 4, 5
                      period(
                          "0311112222",
                          CALL_MAIL,
                          "2026-11-05T12:00",
                          "2026-11-05T13:00"), // 5 again
                      period("0311112222", CALL_MAIL, "2026-11-20T10:00", "2026-11-21T10:00")),
                  List.of())); // 20, 21
      assertThat(line.callMail().activeDays()).isEqualTo(5);
      assertThat(line.callMail().amount()).isEqualTo(16); // 100 × 5 / 30 = 16.67 → 16
    }

    @Test
    void aPeriodOfNoLengthIsNotActive() {
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-11-03T10:00", "2026-11-03T10:00")),
              List.of());
      assertThat(s.lines()).isEmpty();
    }

    @Test
    void callMailAndFaxMailAreBilledSeparately() {
      LineCharge line =
          onlyLine(
              calc(
                  WHOLE,
                  NOV,
                  List.of(
                      period("0311112222", CALL_MAIL, "2026-10-01T00:00", null),
                      period("0311112222", FAX_MAIL, "2026-11-20T10:00", null)),
                  List.of()));
      assertThat(line.callMail().amount()).isEqualTo(100);
      assertThat(line.faxMail().amount()).isEqualTo(100);
      assertThat(line.monthlyCharges()).isEqualTo(200);
    }

    @Test
    void theFaxMailPriceCanDiffer() {
      ChargeRules rules =
          new ChargeRules(
              100,
              150,
              Proration.WHOLE_MONTH,
              BigDecimal.TEN,
              TaxRounding.FLOOR,
              1000,
              1000,
              TOKYO);
      LineCharge line =
          onlyLine(
              calc(
                  rules,
                  NOV,
                  List.of(
                      period("0311112222", CALL_MAIL, "2026-10-01T00:00", null),
                      period("0311112222", FAX_MAIL, "2026-10-01T00:00", null)),
                  List.of()));
      assertThat(line.faxMail().amount()).isEqualTo(150);
      assertThat(line.monthlyCharges()).isEqualTo(250);
    }

    @Test
    void aLineWithOnlyFaxMailHasNoCallMailCharge() {
      LineCharge line =
          onlyLine(
              calc(
                  WHOLE,
                  NOV,
                  List.of(period("0311112222", FAX_MAIL, "2026-10-01T00:00", null)),
                  List.of()));
      assertThat(line.callMail()).isNull();
      assertThat(line.faxMail().amount()).isEqualTo(100);
    }
  }

  @Nested
  class LeapFebruary {

    @Test
    void february2028Has29DaysForDailyProration() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  YearMonth.of(2028, 2),
                  List.of(period("0311112222", CALL_MAIL, "2028-02-15T12:00", null)),
                  List.of()));
      assertThat(line.callMail().daysInMonth()).isEqualTo(29);
      assertThat(line.callMail().activeDays()).isEqualTo(15); // 15th to 29th
      assertThat(line.callMail().amount()).isEqualTo(51); // 100 × 15 / 29 = 51.7 → 51
    }

    @Test
    void theLeapDayAloneIsOneDayOf29() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  YearMonth.of(2028, 2),
                  List.of(period("0311112222", CALL_MAIL, "2028-02-29T23:00", "2028-03-01T01:00")),
                  List.of()));
      assertThat(line.callMail().activeDays()).isEqualTo(1);
      assertThat(line.callMail().amount()).isEqualTo(3); // 100 / 29 = 3.4 → 3
    }

    @Test
    void february2027Has28Days() {
      LineCharge line =
          onlyLine(
              calc(
                  DAILY,
                  YearMonth.of(2027, 2),
                  List.of(period("0311112222", CALL_MAIL, "2027-02-15T12:00", null)),
                  List.of()));
      assertThat(line.callMail().daysInMonth()).isEqualTo(28);
      assertThat(line.callMail().amount()).isEqualTo(50); // 100 × 14 / 28
    }
  }

  @Nested
  class Tax {

    @Test
    void theGuidesExample100YenAt5PercentIs105() {
      ChargeStatement s =
          calc(
              rules(Proration.WHOLE_MONTH, "5", TaxRounding.FLOOR),
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-10-01T00:00", null)),
              List.of());
      assertThat(s.contracts()).containsExactly(new ContractTotal("C-1", 100, 0, 100, 5, 105));
    }

    @Test
    void theDefaultIs10Percent() {
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-10-01T00:00", null)),
              List.of());
      assertThat(s.contracts().get(0).total()).isEqualTo(110);
    }

    @ParameterizedTest(name = "{0}% of 50 yen rounded {1} is {2}")
    @CsvSource({
      "8, FLOOR, 4", "8, HALF_UP, 4", "8, CEILING, 4",
      "7, FLOOR, 3", "7, HALF_UP, 4", "7, CEILING, 4",
      "3, FLOOR, 1", "3, HALF_UP, 2", "3, CEILING, 2",
      "2.5, FLOOR, 1", "2.5, HALF_UP, 1", "2.5, CEILING, 2",
      "0, FLOOR, 0",
    })
    void taxIsRoundedAsConfigured(String percent, TaxRounding rounding, long tax) {
      // daily: 100 × 15 / 30 = 50 yen of fees
      ChargeRules rules = rules(Proration.DAILY, percent, rounding);
      ChargeStatement s =
          calc(
              rules,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-01-10T09:00", "2026-11-15T10:00")),
              List.of());
      assertThat(s.contracts().get(0).subtotal()).isEqualTo(50);
      assertThat(s.contracts().get(0).tax()).isEqualTo(tax);
    }

    @Test
    void taxIsComputedOnTheContractTotalNotPerLine() {
      // 7 lines × 3 yen (one day each under daily) = 21 yen: 10 % is 2.1 → 2, where rounding each
      // line's
      // 0.3 yen of tax down would give 0.
      List<OptionPeriod> periods = new java.util.ArrayList<>();
      for (int i = 0; i < 7; i++) {
        periods.add(period("031111000" + i, CALL_MAIL, "2026-11-30T12:00", null));
      }
      ChargeStatement s = calc(DAILY, NOV, periods, List.of());
      assertThat(s.contracts()).containsExactly(new ContractTotal("C-1", 21, 0, 21, 2, 23));
    }

    @Test
    void ratesAndRoundingAreCheckedWhenConfigured() {
      assertThatThrownBy(() -> rules(Proration.DAILY, "-1", TaxRounding.FLOOR))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> rules(Proration.DAILY, "101", TaxRounding.FLOOR))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(TaxRounding.parse("k", " Half-Up ")).isEqualTo(TaxRounding.HALF_UP);
      assertThatThrownBy(() -> TaxRounding.parse("callmail.charges.tax-rounding", "banker"))
          .isInstanceOf(RuleViolation.class)
          .hasMessageContaining("banker");
      assertThat(Proration.parse("k", "DAILY")).isEqualTo(Proration.DAILY);
      assertThatThrownBy(() -> Proration.parse("callmail.charges.proration", "weekly"))
          .isInstanceOf(RuleViolation.class);
    }
  }

  @Nested
  class WorkFees {

    private final Instant ordered = jst("2026-11-10T11:00");

    @Test
    void anOptionOrderedOnItsOwnCostsTheBasicFeePlusOneFeePerNumber() {
      WorkOrder order =
          new WorkOrder(
              7,
              "C-1",
              ordered,
              false,
              List.of(
                  new OrderedOption("0311112222", CALL_MAIL),
                  new OrderedOption("0311113333", CALL_MAIL)));
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(
                  period("0311112222", CALL_MAIL, "2026-11-10T11:00", null),
                  period("0311113333", CALL_MAIL, "2026-11-10T11:00", null)),
              List.of(order));
      assertThat(s.orders())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.basicFee()).isEqualTo(1000);
                assertThat(o.perNumberFees()).isEqualTo(2000);
                assertThat(o.numbers()).isEqualTo(2);
              });
      assertThat(s.lines()).extracting(LineCharge::perNumberWorkFees).containsExactly(1000L, 1000L);
      assertThat(s.contracts())
          .containsExactly(new ContractTotal("C-1", 200, 3000, 3200, 320, 3520));
    }

    @Test
    void orderedTogetherWithThePhoneServiceTheWorkIsFree() {
      WorkOrder order =
          new WorkOrder(
              7, "C-1", ordered, true, List.of(new OrderedOption("0311112222", CALL_MAIL)));
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-11-10T11:00", null)),
              List.of(order));
      assertThat(s.orders()).singleElement().satisfies(o -> assertThat(o.total()).isZero());
      assertThat(s.contracts()).containsExactly(new ContractTotal("C-1", 100, 0, 100, 10, 110));
    }

    @Test
    void workFeesAreChargedOnlyInTheMonthOfTheOrder() {
      WorkOrder order =
          new WorkOrder(
              7,
              "C-1",
              jst("2026-10-31T23:59"),
              false,
              List.of(new OrderedOption("0311112222", CALL_MAIL)));
      ChargeStatement s =
          calc(
              WHOLE,
              NOV,
              List.of(period("0311112222", CALL_MAIL, "2026-10-31T23:59", null)),
              List.of(order));
      assertThat(s.orders()).isEmpty();
      assertThat(onlyLine(s).perNumberWorkFees()).isZero();
      assertThat(calc(WHOLE, YearMonth.of(2026, 10), List.of(), List.of(order)).orders())
          .hasSize(1);
    }

    @Test
    void bothOptionsOnOneNumberAreTwoPerNumberFeesAndOneBasicFee() {
      WorkOrder order =
          new WorkOrder(
              7,
              "C-1",
              ordered,
              false,
              List.of(
                  new OrderedOption("0311112222", CALL_MAIL),
                  new OrderedOption("0311112222", FAX_MAIL)));
      ChargeStatement s = calc(WHOLE, NOV, List.of(), List.of(order));
      assertThat(onlyLine(s).perNumberWorkFees()).isEqualTo(2000);
      assertThat(s.contracts().get(0).workFees()).isEqualTo(3000);
    }

    @Test
    void theFeeAmountsAreConfigurable() {
      ChargeRules rules =
          new ChargeRules(
              100, 100, Proration.WHOLE_MONTH, BigDecimal.TEN, TaxRounding.FLOOR, 2000, 500, TOKYO);
      WorkOrder order =
          new WorkOrder(
              7,
              "C-1",
              ordered,
              false,
              List.of(
                  new OrderedOption("0311112222", CALL_MAIL),
                  new OrderedOption("0311113333", CALL_MAIL)));
      assertThat(calc(rules, NOV, List.of(), List.of(order)).contracts().get(0).workFees())
          .isEqualTo(3000);
    }
  }

  @Nested
  class Totals {

    @Test
    void severalLinesAndContractsAddUpPerContractAndInTotal() {
      List<OptionPeriod> periods =
          List.of(
              new OptionPeriod("C-2", "0622223333", CALL_MAIL, jst("2026-01-01T00:00"), null),
              new OptionPeriod("C-1", "0311112222", CALL_MAIL, jst("2026-01-01T00:00"), null),
              new OptionPeriod("C-1", "0311113333", CALL_MAIL, jst("2026-01-01T00:00"), null),
              new OptionPeriod("C-1", "0311113333", FAX_MAIL, jst("2026-11-05T00:00"), null),
              new OptionPeriod(
                  "C-3",
                  "0533334444",
                  CALL_MAIL,
                  jst("2026-01-01T00:00"),
                  jst("2026-10-20T00:00")));
      WorkOrder fax =
          new WorkOrder(
              9,
              "C-1",
              jst("2026-11-05T00:00"),
              false,
              List.of(new OrderedOption("0311113333", FAX_MAIL)));
      ChargeStatement s = calc(WHOLE, NOV, periods, List.of(fax));

      assertThat(s.lines())
          .extracting(LineCharge::contract, LineCharge::line)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("C-1", "0311112222"),
              org.assertj.core.groups.Tuple.tuple("C-1", "0311113333"),
              org.assertj.core.groups.Tuple.tuple("C-2", "0622223333"));
      assertThat(s.contracts())
          .containsExactly(
              new ContractTotal("C-1", 300, 2000, 2300, 230, 2530),
              new ContractTotal("C-2", 100, 0, 100, 10, 110));
      assertThat(s.total()).isEqualTo(new ChargeStatement.Total(400, 2000, 2400, 240, 2640));
    }

    @Test
    void theGrandTotalSumsContractTaxesRatherThanTaxingTheSum() {
      // two contracts of 50 yen each (daily, half a month): 5 % is 2.5 → 2 each, 4 in all (not 5)
      ChargeRules rules = rules(Proration.DAILY, "5", TaxRounding.FLOOR);
      List<OptionPeriod> periods =
          List.of(
              new OptionPeriod("C-1", "0311112222", CALL_MAIL, jst("2026-11-16T00:00"), null),
              new OptionPeriod("C-2", "0622223333", CALL_MAIL, jst("2026-11-16T00:00"), null));
      ChargeStatement s = calc(rules, NOV, periods, List.of());
      assertThat(s.total().subtotal()).isEqualTo(100);
      assertThat(s.total().tax()).isEqualTo(4);
      assertThat(s.total().total()).isEqualTo(104);
    }

    @Test
    void anEmptyMonthIsAllZero() {
      ChargeStatement s = calc(WHOLE, NOV, List.of(), List.of());
      assertThat(s.lines()).isEmpty();
      assertThat(s.contracts()).isEmpty();
      assertThat(s.total()).isEqualTo(new ChargeStatement.Total(0, 0, 0, 0, 0));
    }
  }
}
