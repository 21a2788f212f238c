package jp.callmail.interfaces.operator.rest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.callmail.application.Views.ChargeLineView;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.application.Views.ChargeTotalView;
import jp.callmail.application.Views.ContractChargeView;
import jp.callmail.application.Views.WorkOrderView;
import org.junit.jupiter.api.Test;

class ChargeCsvTest {

  @Test
  void itemisesEachContractWithSubtotalTaxAndTotalThenTheGrandTotal() {
    ChargeReportView report =
        new ChargeReportView(
            "2026-11",
            "Asia/Tokyo",
            "whole-month",
            BigDecimal.TEN,
            "floor",
            List.of(
                new ChargeLineView(
                    "C-1", "大阪商事, 株式会社", "0611112222", 30, 30, 100L, null, null, 1000, 1100)),
            List.of(new WorkOrderView(1000, "C-1", "2026-11-10T02:00:00Z", false, 1, 1000, 1000)),
            List.of(new ContractChargeView("C-1", "大阪商事, 株式会社", 100, 2000, 2100, 210, 2310)),
            new ChargeTotalView(100, 2000, 2100, 210, 2310));
    String csv = ChargeCsv.write(report);
    assertThat(csv).startsWith("\uFEFF請求月,契約コード,契約者名,電話番号,区分,内容,利用日数,金額\r\n");
    assertThat(csv.split("\r\n", -1))
        .containsExactly(
            "\uFEFF請求月,契約コード,契約者名,電話番号,区分,内容,利用日数,金額",
            "2026-11,C-1,\"大阪商事, 株式会社\",0611112222,月額利用料,着信お知らせメール,30/30,100",
            "2026-11,C-1,\"大阪商事, 株式会社\",0611112222,工事費,交換機等工事費,,1000",
            "2026-11,C-1,\"大阪商事, 株式会社\",,工事費,\"基本工事費 (注文1000 2026/11/10 11:00, 1番号)\",,1000",
            "2026-11,C-1,\"大阪商事, 株式会社\",,小計,,,2100",
            "2026-11,C-1,\"大阪商事, 株式会社\",,消費税,10% (切り捨て),,210",
            "2026-11,C-1,\"大阪商事, 株式会社\",,合計,税込,,2310",
            "2026-11,,,,総計小計,,,2100",
            "2026-11,,,,総計消費税,10% (切り捨て),,210",
            "2026-11,,,,総計,税込,,2310",
            "");
  }
}
