package jp.callmail.interfaces.operator.rest.csv;

import java.util.Arrays;
import java.util.List;

/**
 * Writes RFC 4180 CSV for spreadsheet programs: a UTF-8 byte order mark first (Excel otherwise
 * reads Japanese as Shift_JIS), CRLF after every record, and a field in double quotes (inner quotes
 * doubled) when it holds a comma, a quote, a line break, or leading or trailing spaces.
 */
public final class CsvWriter {

  private final StringBuilder out = new StringBuilder("\uFEFF");

  public CsvWriter row(List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(fields.get(i) == null ? "" : fields.get(i).toString()));
    }
    out.append("\r\n");
    return this;
  }

  public CsvWriter row(Object... fields) {
    return row(Arrays.asList(fields));
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
