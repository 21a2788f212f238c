package jp.callmail.interfaces.operator.rest.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 text into records: fields separated by commas, records by CRLF or a bare LF (or
 * CR), fields in double quotes may hold commas, line breaks and doubled quotes. A leading UTF-8 BOM
 * is dropped and blank lines are skipped. Each record remembers the line it starts on, so that an
 * operator can find it in an editor. Lenient about one thing only: a quote inside an unquoted field
 * is kept as a character.
 */
public final class CsvReader {

  /** One record and the (1-based) line of the text it starts on. */
  public record Row(int line, List<String> fields) {}

  /** The text is not CSV (an unterminated quoted field); names the line where the field began. */
  public static final class MalformedCsv extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    MalformedCsv(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private CsvReader() {}

  public static List<Row> read(String text) {
    String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowStart = 1;
    boolean quoted = false;
    boolean fieldWasQuoted = false;
    int quoteStartLine = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          if (c == '\n' || (c == '\r' && !(i + 1 < s.length() && s.charAt(i + 1) == '\n'))) {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '"' -> {
          if (field.length() == 0 && !fieldWasQuoted) {
            quoted = true;
            fieldWasQuoted = true;
            quoteStartLine = line;
          } else {
            field.append(c);
          }
        }
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
          fieldWasQuoted = false;
        }
        case '\r', '\n' -> {
          if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            i++;
          }
          endRecord(rows, fields, field, fieldWasQuoted, rowStart);
          fields = new ArrayList<>();
          field.setLength(0);
          fieldWasQuoted = false;
          line++;
          rowStart = line;
        }
        default -> field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new MalformedCsv(
          quoteStartLine, "The quoted field that starts on line " + quoteStartLine + " never ends");
    }
    endRecord(rows, fields, field, fieldWasQuoted, rowStart);
    return rows;
  }

  private static void endRecord(
      List<Row> rows, List<String> fields, StringBuilder field, boolean wasQuoted, int line) {
    if (fields.isEmpty() && field.length() == 0 && !wasQuoted) {
      return; // a blank line
    }
    fields.add(field.toString());
    rows.add(new Row(line, List.copyOf(fields)));
  }
}
