package jp.callmail.interfaces.operator.rest.csv;

import java.util.Arrays;
import java.util.List;

/**
 * Writes RFC 4180 CSV for spreadsheet programs: a UTF-8 byte order mark first (Excel otherwise
 * reads Japanese as Shift_JIS), CRLF after every record, and a field in double quotes (inner quotes
 * doubled) when it holds a comma, a quote, a line break, or leading or trailing spaces.
 *
 * <p>A text cell that a spreadsheet would take for a formula (it begins with {@code = + - @}, a tab
 * or a carriage return: OWASP's CSV injection advice) gets a leading {@code '}, so that a contract
 * named {@code =HYPERLINK(...)} is shown as text; numbers are written as they are.
 */
public final class CsvWriter {

  private final StringBuilder out = new StringBuilder("\uFEFF");

  public CsvWriter row(List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object field = fields.get(i);
      String text = field == null ? "" : field.toString();
      out.append(quote(field instanceof Number ? text : neutralise(text)));
    }
    out.append("\r\n");
    return this;
  }

  public CsvWriter row(Object... fields) {
    return row(Arrays.asList(fields));
  }

  /** A text that a spreadsheet would run as a formula, made plain text with a leading quote. */
  static String neutralise(String field) {
    return !field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0 ? "'" + field : field;
  }

  static String quote(String field) {
    boolean needs =
        field.indexOf(',') >= 0
            || field.indexOf('"') >= 0
            || field.indexOf('\n') >= 0
            || field.indexOf('\r') >= 0
            || (!field.isEmpty() && (field.charAt(0) == ' ' || field.endsWith(" ")));
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
