package jp.callmail.interfaces.operator.rest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jp.callmail.interfaces.operator.rest.csv.CsvReader.Row;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void splitsFieldsAndRecordsWithCrlf() {
    assertThat(CsvReader.read("a,b,c\r\n1,2,3\r\n"))
        .containsExactly(new Row(1, List.of("a", "b", "c")), new Row(2, List.of("1", "2", "3")));
  }

  @Test
  void acceptsBareLfAndAMissingFinalLineBreak() {
    assertThat(CsvReader.read("a,b\n1,2"))
        .containsExactly(new Row(1, List.of("a", "b")), new Row(2, List.of("1", "2")));
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() {
    List<Row> rows =
        CsvReader.read(
            "n,text\r\n1,\"大阪, 北区\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n4,x\r\n");
    assertThat(rows)
        .extracting(r -> r.fields().get(1))
        .containsExactly("text", "大阪, 北区", "say \"hi\"", "two\r\nlines", "x");
    assertThat(rows).extracting(Row::line).containsExactly(1, 2, 3, 4, 6); // row 4 starts on line 6
  }

  @Test
  void dropsTheUtf8ByteOrderMark() {
    assertThat(CsvReader.read("\uFEFFnumber,contract\n").get(0).fields())
        .containsExactly("number", "contract");
  }

  @Test
  void skipsBlankLinesButCountsThem() {
    List<Row> rows = CsvReader.read("a\r\n\r\n1\n\n\n2\n");
    assertThat(rows)
        .containsExactly(
            new Row(1, List.of("a")), new Row(3, List.of("1")), new Row(6, List.of("2")));
  }

  @Test
  void emptyFieldsAreKept() {
    assertThat(CsvReader.read(",,\n").get(0).fields()).containsExactly("", "", "");
    assertThat(CsvReader.read("\"\"\n").get(0).fields()).containsExactly("");
  }

  @Test
  void anUnterminatedQuoteNamesTheLineItStartsOn() {
    assertThatThrownBy(() -> CsvReader.read("a\n1,\"open\nstill open"))
        .isInstanceOf(CsvReader.MalformedCsv.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKept() {
    assertThat(CsvReader.read("5\"x,y\n").get(0).fields()).containsExactly("5\"x", "y");
  }
}
