package jp.callmail.interfaces.operator.rest.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.callmail.application.Views.ImportRowResult;
import jp.callmail.application.Views.LineImportRow;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.RuleViolation;

/**
 * Reads the bulk-import file of lines: a header row naming the columns of {@link #HEADER}, then one
 * line per row. Authentication numbers are separated by {@code ;} inside their field; booleans are
 * {@code true}/{@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no}), empty for the
 * default (call mail on, fax mail off, not ordered with the phone service). A row that cannot be
 * read (wrong number of columns, a bad boolean) becomes a refusal of that row, not of the file.
 */
public final class LineCsv {

  public static final List<String> HEADER =
      List.of(
          "number",
          "contract",
          "downstreamRoute",
          "callMail",
          "faxMail",
          "authenticationNumbers",
          "orderedWithPhoneService");

  private LineCsv() {}

  /**
   * @throws RuleViolation for the file as a whole: not CSV, or not the expected header
   * @throws TooManyRows when there are more than {@code maxRows} data rows
   */
  public static List<LineImportRow> parse(String text, int maxRows) {
    List<CsvReader.Row> rows;
    try {
      rows = CsvReader.read(text);
    } catch (CsvReader.MalformedCsv e) {
      throw new RuleViolation("body", "csv", e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new RuleViolation(
          "body", "required", "Send a CSV file whose first row is " + String.join(",", HEADER));
    }
    List<String> header =
        rows.get(0).fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
    if (!header.equals(HEADER.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList())) {
      throw new RuleViolation(
          "body",
          "csv-header",
          "The first row must be "
              + String.join(",", HEADER)
              + ", not "
              + String.join(",", rows.get(0).fields()));
    }
    if (rows.size() - 1 > maxRows) {
      throw new TooManyRows(maxRows, rows.size() - 1);
    }
    List<LineImportRow> lines = new ArrayList<>();
    for (CsvReader.Row row : rows.subList(1, rows.size())) {
      lines.add(line(row));
    }
    return lines;
  }

  /** More data rows than one import may carry. */
  public static final class TooManyRows extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyRows(int max, int rows) {
      super(
          "An import holds at most "
              + max
              + " lines; this file has "
              + rows
              + ". Split it into several files.");
    }
  }

  private static LineImportRow line(CsvReader.Row row) {
    List<String> f = row.fields();
    String number = f.isEmpty() ? null : emptyToNull(f.get(0));
    if (f.size() != HEADER.size()) {
      return unreadable(
          row,
          number,
          "row",
          "column-count",
          "A row has "
              + HEADER.size()
              + " columns ("
              + String.join(",", HEADER)
              + "), this one has "
              + f.size());
    }
    try {
      LineView line =
          new LineView(
              number,
              emptyToNull(f.get(1)),
              emptyToNull(f.get(2)),
              bool("callMail", f.get(3)),
              bool("faxMail", f.get(4)),
              null,
              null,
              numbers(f.get(5)),
              bool("orderedWithPhoneService", f.get(6)));
      return new LineImportRow(row.line(), line, null);
    } catch (RuleViolation e) {
      return unreadable(row, number, e.field(), e.rule(), e.getMessage());
    }
  }

  private static LineImportRow unreadable(
      CsvReader.Row row, String number, String field, String rule, String message) {
    return new LineImportRow(
        row.line(), null, new ImportRowResult(row.line(), number, "refused", field, rule, message));
  }

  static Boolean bool(String field, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "" -> null;
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default ->
          throw new RuleViolation(
              field, "boolean", field + " is true or false (or empty), not '" + value + "'");
    };
  }

  private static List<String> numbers(String field) {
    if (field.isBlank()) {
      return null;
    }
    return Arrays.stream(field.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
