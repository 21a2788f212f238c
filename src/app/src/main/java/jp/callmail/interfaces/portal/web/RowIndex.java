package jp.callmail.interfaces.portal.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.callmail.domain.model.RuleViolation;

/**
 * The pages show fixed rows (5 addresses, 30 numbers) but send only the filled ones, so an index in
 * a {@link RuleViolation}'s field is translated back to the row the user typed into.
 */
final class RowIndex {

  private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)](.*)");

  private RowIndex() {}

  /** The row index in a list field such as {@code recipients[2].address}; -1 for other fields. */
  static int row(String field) {
    Matcher m = INDEXED.matcher(field == null ? "" : field);
    return m.matches() ? Integer.parseInt(m.group(2)) : -1;
  }

  /**
   * @param rows for each sent entry, the index of the on-screen row it came from
   */
  static RuleViolation toScreenRows(RuleViolation v, List<Integer> rows) {
    Matcher m = INDEXED.matcher(v.field() == null ? "" : v.field());
    if (!m.matches()) {
      return v;
    }
    int sent = Integer.parseInt(m.group(2));
    if (sent >= rows.size()) {
      return v;
    }
    return new RuleViolation(
        m.group(1) + "[" + rows.get(sent) + "]" + m.group(3), v.rule(), v.getMessage());
  }
}
