package jp.callmail.interfaces.operator.rest.csv;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.callmail.application.Views.ChargeLineView;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.application.Views.ContractChargeView;
import jp.callmail.application.Views.WorkOrderView;

/**
 * The charge report as one itemised CSV table for the billing staff's spreadsheet: per contract,
 * one row per charged item (monthly fee per line and option, per-number work fee per line, basic
 * work fee per order), then its 小計, 消費税 and 合計; at the end the totals of all contracts. Column 区分
 * tells the row kinds apart; amounts are whole yen without separators.
 */
public final class ChargeCsv {

  public static final String[] HEADER = {"請求月", "契約コード", "契約者名", "電話番号", "区分", "内容", "利用日数", "金額"};
  private static final DateTimeFormatter ORDER_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

  private ChargeCsv() {}

  public static String write(ChargeReportView r) {
    CsvWriter csv = new CsvWriter().row((Object[]) HEADER);
    ZoneId zone = ZoneId.of(r.zone());
    Map<String, List<ChargeLineView>> lines =
        r.lines().stream().collect(Collectors.groupingBy(ChargeLineView::contract));
    Map<String, List<WorkOrderView>> orders =
        r.orders().stream().collect(Collectors.groupingBy(WorkOrderView::contract));
    for (ContractChargeView c : r.contracts()) {
      for (ChargeLineView l : lines.getOrDefault(c.contract(), List.of())) {
        if (l.callMail() != null) {
          csv.row(
              r.month(),
              c.contract(),
              c.name(),
              l.number(),
              "月額利用料",
              "着信お知らせメール",
              l.callMailDays() + "/" + l.daysInMonth(),
              l.callMail());
        }
        if (l.faxMail() != null) {
          csv.row(
              r.month(),
              c.contract(),
              c.name(),
              l.number(),
              "月額利用料",
              "FAXお知らせメール",
              l.faxMailDays() + "/" + l.daysInMonth(),
              l.faxMail());
        }
        if (l.workFees() > 0) {
          csv.row(
              r.month(), c.contract(), c.name(), l.number(), "工事費", "交換機等工事費", "", l.workFees());
        }
      }
      for (WorkOrderView o : orders.getOrDefault(c.contract(), List.of())) {
        String when = ORDER_TIME.format(Instant.parse(o.orderedAt()).atZone(zone));
        csv.row(
            r.month(),
            c.contract(),
            c.name(),
            "",
            "工事費",
            "基本工事費 (注文"
                + o.id()
                + " "
                + when
                + ", "
                + o.numbers()
                + "番号"
                + (o.withPhoneService() ? ", 同時工事のため無料" : "")
                + ")",
            "",
            o.basicFee());
      }
      csv.row(r.month(), c.contract(), c.name(), "", "小計", "", "", c.subtotal());
      csv.row(r.month(), c.contract(), c.name(), "", "消費税", taxLabel(r), "", c.tax());
      csv.row(r.month(), c.contract(), c.name(), "", "合計", "税込", "", c.total());
    }
    csv.row(r.month(), "", "", "", "総計小計", "", "", r.total().subtotal());
    csv.row(r.month(), "", "", "", "総計消費税", taxLabel(r), "", r.total().tax());
    csv.row(r.month(), "", "", "", "総計", "税込", "", r.total().total());
    return csv.toString();
  }

  private static String taxLabel(ChargeReportView r) {
    BigDecimal rate = r.taxRatePercent().stripTrailingZeros();
    return rate.toPlainString()
        + "% ("
        + switch (r.taxRounding()) {
          case "floor" -> "切り捨て";
          case "ceiling" -> "切り上げ";
          default -> "四捨五入";
        }
        + ")";
  }
}
