package jp.callmail.domain.model;

/**
 * The same entry in two slots of a list (an address, a designated number): it would make each call
 * mail one mailbox twice. Names both slots, so the user can see which two rows to fix.
 */
public class DuplicateEntry extends RuleViolation {

  private static final long serialVersionUID = 1L;

  private final String firstField;

  /**
   * @param field the later slot, e.g. {@code recipients[3].address}
   * @param firstField the earlier slot holding the same entry
   */
  public DuplicateEntry(String field, String firstField, String rule, String message) {
    super(field, rule, message);
    this.firstField = firstField;
  }

  public String firstField() {
    return firstField;
  }
}
