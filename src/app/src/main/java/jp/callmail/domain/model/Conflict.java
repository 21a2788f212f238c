package jp.callmail.domain.model;

/** The request clashes with what exists, e.g. a number that is already a line (REST: 409). */
public class Conflict extends RuleViolation {

  private static final long serialVersionUID = 1L;

  public Conflict(String field, String rule, String message) {
    super(field, rule, message);
  }
}
