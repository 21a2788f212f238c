package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import jp.callmail.application.ChargeReportService;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.interfaces.operator.rest.csv.ChargeCsv;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/** The monthly charge report on screen, and as the same CSV the REST API serves. */
@Named
@ViewScoped
public class ChargesView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private ChargeReportService reports;

  private String month = YearMonth.now(ZoneId.of("Asia/Tokyo")).toString();
  private ChargeReportView report;

  public void show() {
    try {
      report = reports.report(month);
    } catch (RuleViolation v) {
      report = null;
      ConsoleMessages.violation(v);
    }
  }

  public StreamedContent getCsv() {
    ChargeReportView r = reports.report(month);
    byte[] csv = ChargeCsv.write(r).getBytes(StandardCharsets.UTF_8);
    return DefaultStreamedContent.builder()
        .name("callmail-charges-" + r.month() + ".csv")
        .contentType("text/csv; charset=UTF-8")
        .contentLength((long) csv.length)
        .stream(() -> new ByteArrayInputStream(csv))
        .build();
  }

  /** An amount as people read money: thousands separated, with its unit ("5,830 円"). */
  public String yen(long amount) {
    return ConsoleMessages.text("charges.yen", String.format(java.util.Locale.ROOT, "%,d", amount));
  }

  /** An option's month on a line: its fee and days of use, or a dash when it was not active. */
  public String option(Long fee, Integer days) {
    if (fee == null) {
      return ConsoleMessages.text("charges.notActive");
    }
    return yen(fee) + "(" + ConsoleMessages.text("charges.days", days == null ? 0 : days) + ")";
  }

  public String getMonth() {
    return month;
  }

  public void setMonth(String month) {
    this.month = month;
  }

  public ChargeReportView getReport() {
    return report;
  }
}
