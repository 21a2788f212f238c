package jp.callmail.domain.model;

/**
 * A change the domain refuses, naming the field and the rule it breaks so that the portal, the
 * operator console and the REST API can all tell the user exactly what to fix.
 */
public class RuleViolation extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String rule;

  /**
   * @param field the input that is wrong, e.g. {@code recipients[2].address}
   * @param rule a stable identifier of the broken rule, e.g. {@code max-recipients}
   * @param message what went wrong and what to do, for a person
   */
  public RuleViolation(String field, String rule, String message) {
    super(message);
    this.field = field;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  public String rule() {
    return rule;
  }
}
