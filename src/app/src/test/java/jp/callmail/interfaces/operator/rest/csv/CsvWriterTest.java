package jp.callmail.interfaces.operator.rest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

  @Test
  void startsWithABomEndsRecordsWithCrlfAndQuotesOnlyWhatNeedsIt() {
    String csv =
        new CsvWriter()
            .row("契約コード", "金額")
            .row("C-1", 110)
            .row("a,b", "say \"hi\"")
            .row("x\ny", null)
            .row(" lead", "")
            .toString();
    assertThat(csv)
        .isEqualTo(
            "\uFEFF契約コード,金額\r\nC-1,110\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"x\ny\",\r\n\" lead\",\r\n");
  }

  @Test
  void whatItWritesReadsBackTheSame() {
    List<String> fields = List.of("大阪, 北区", "\"q\"", "two\r\nlines", "", "plain");
    String csv = new CsvWriter().row(fields).toString();
    assertThat(CsvReader.read(csv).get(0).fields()).isEqualTo(fields);
  }

  @Test
  void aCellThatASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
    String csv =
        new CsvWriter()
            .row("=HYPERLINK(\"http://x\",\"y\")", "+81", "-1+2", "@SUM(A1)", "\tx", "\rx")
            .row(-100, "a=b", "")
            .toString();
    assertThat(csv)
        .isEqualTo(
            "\uFEFF\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+81,'-1+2,'@SUM(A1),'\tx,\"'\rx\"\r\n"
                + "-100,a=b,\r\n");
  }
}
