package jp.callmail.interfaces.operator.rest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jp.callmail.application.Views.LineImportRow;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.RuleViolation;
import org.junit.jupiter.api.Test;

class LineCsvTest {

  private static final String HEADER =
      "number,contract,downstreamRoute,callMail,faxMail,authenticationNumbers,"
          + "orderedWithPhoneService\r\n";

  @Test
  void readsEveryColumn() {
    List<LineImportRow> rows =
        LineCsv.parse(
            HEADER
                + "06-1111-2222,C-1001,\"sip:10.0.0.5:5060;transport=udp\",true,1,0611113333;06-1111-4444,yes\r\n",
            10);
    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.row()).isEqualTo(2);
              assertThat(r.unreadable()).isNull();
              assertThat(r.line())
                  .isEqualTo(
                      new LineView(
                          "06-1111-2222",
                          "C-1001",
                          "sip:10.0.0.5:5060;transport=udp",
                          true,
                          true,
                          null,
                          null,
                          List.of("0611113333", "06-1111-4444"),
                          true));
            });
  }

  @Test
  void emptyFieldsMeanTheDefaults() {
    LineView line = LineCsv.parse(HEADER + "0611112222,C-1001,,,,,\n", 10).get(0).line();
    assertThat(line)
        .isEqualTo(new LineView("0611112222", "C-1001", null, null, null, null, null, null, null));
  }

  @Test
  void bomLfBlankLinesAndHeaderCaseAreAccepted() {
    String text =
        "\uFEFF"
            + HEADER.toUpperCase().replace("\r\n", "\n")
            + "\n0611112222,C-1,,,,,\n\n0611113333,C-1,,,,,\n";
    assertThat(LineCsv.parse(text, 10)).extracting(LineImportRow::row).containsExactly(3, 5);
  }

  @Test
  void aRowWithTheWrongNumberOfColumnsIsRefusedAlone() {
    List<LineImportRow> rows =
        LineCsv.parse(HEADER + "0611112222,C-1,,,\n0611113333,C-1,,,,,\n", 10);
    assertThat(rows.get(0).unreadable())
        .satisfies(
            p -> {
              assertThat(p.row()).isEqualTo(2);
              assertThat(p.number()).isEqualTo("0611112222");
              assertThat(p.rule()).isEqualTo("column-count");
              assertThat(p.message()).contains("7 columns", "has 5");
            });
    assertThat(rows.get(1).unreadable()).isNull();
  }

  @Test
  void anEmbeddedCommaInAQuotedFieldIsNoExtraColumn() {
    List<LineImportRow> rows = LineCsv.parse(HEADER + "0611112222,\"C,1\",,,,,\n", 10);
    assertThat(rows.get(0).line().contract()).isEqualTo("C,1");
  }

  @Test
  void aBadBooleanNamesItsColumn() {
    LineImportRow row = LineCsv.parse(HEADER + "0611112222,C-1,,maybe,,,\n", 10).get(0);
    assertThat(row.unreadable().field()).isEqualTo("callMail");
    assertThat(row.unreadable().rule()).isEqualTo("boolean");
  }

  @Test
  void theHeaderMustBeTheExpectedOne() {
    assertThatThrownBy(() -> LineCsv.parse("number,contract\n0611112222,C-1\n", 10))
        .isInstanceOf(RuleViolation.class)
        .satisfies(e -> assertThat(((RuleViolation) e).rule()).isEqualTo("csv-header"));
    assertThatThrownBy(() -> LineCsv.parse("", 10))
        .isInstanceOf(RuleViolation.class)
        .satisfies(e -> assertThat(((RuleViolation) e).rule()).isEqualTo("required"));
  }

  @Test
  void anUnterminatedQuoteRefusesTheFile() {
    assertThatThrownBy(() -> LineCsv.parse(HEADER + "0611112222,\"C-1,,,,,\n", 10))
        .isInstanceOf(RuleViolation.class)
        .satisfies(e -> assertThat(((RuleViolation) e).rule()).isEqualTo("csv"));
  }

  @Test
  void moreRowsThanTheLimitAreRefusedBeforeAnyIsRead() {
    assertThatThrownBy(
            () -> LineCsv.parse(HEADER + "0611112222,C-1,,,,,\n0611113333,C-1,,,,,\n", 1))
        .isInstanceOf(LineCsv.TooManyRows.class)
        .hasMessageContaining("at most 1");
  }
}
