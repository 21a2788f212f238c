package jp.callmail.domain.model;

/** The thing a request names does not exist (REST: 404). */
public class NotFound extends RuleViolation {

  private static final long serialVersionUID = 1L;

  public NotFound(String field, String message) {
    super(field, "not-found", message);
  }
}
