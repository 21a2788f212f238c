package jp.callmail.domain.model;

/** The operator's role does not allow the change (REST: 403; the console says so). */
public class NotPermitted extends RuleViolation {

  private static final long serialVersionUID = 1L;

  public NotPermitted(String message) {
    super("operator", "not-permitted", message);
  }
}
