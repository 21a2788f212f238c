package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.service.charges.BillingFacts.OptionPeriod;
import jp.callmail.domain.service.charges.ChargeCalculator;
import jp.callmail.domain.service.charges.ChargeRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChargeReportServiceTest {

  @Test
  void aMonthIsYearDashMonth() {
    assertThat(ChargeReportService.month(" 2026-11 ")).isEqualTo(YearMonth.of(2026, 11));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13", "2026/11", "202611", "November", "2026-1", "0999-01"})
  void anythingElseNamesTheMonthField(String month) {
    assertThatThrownBy(() -> ChargeReportService.month(month))
        .isInstanceOf(RuleViolation.class)
        .satisfies(
            e -> {
              assertThat(((RuleViolation) e).field()).isEqualTo("month");
              assertThat(((RuleViolation) e).rule()).isEqualTo("year-month");
            });
  }

  @Test
  void aMissingMonthIsRequired() {
    assertThatThrownBy(() -> ChargeReportService.month(null))
        .isInstanceOf(RuleViolation.class)
        .satisfies(e -> assertThat(((RuleViolation) e).rule()).isEqualTo("required"));
  }

  @Test
  void theViewStatesTheRulesItWasComputedWith() {
    var statement =
        new ChargeCalculator(ChargeRules.defaults())
            .calculate(
                YearMonth.of(2026, 11),
                List.of(
                    new OptionPeriod(
                        "C-1",
                        "0611112222",
                        ServiceOption.CALL_MAIL,
                        YearMonth.of(2026, 10)
                            .atDay(1)
                            .atStartOfDay(ZoneId.of("Asia/Tokyo"))
                            .toInstant(),
                        null)),
                List.of());
    ChargeReportView view = ChargeReportService.view(statement, Map.of("C-1", "大阪商事"));
    assertThat(view.month()).isEqualTo("2026-11");
    assertThat(view.proration()).isEqualTo("whole-month");
    assertThat(view.taxRounding()).isEqualTo("floor");
    assertThat(view.taxRatePercent()).isEqualByComparingTo("10");
    assertThat(view.lines())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.contractName()).isEqualTo("大阪商事");
              assertThat(l.callMail()).isEqualTo(100);
              assertThat(l.faxMail()).isNull();
            });
    assertThat(view.total().total()).isEqualTo(110);
  }
}
