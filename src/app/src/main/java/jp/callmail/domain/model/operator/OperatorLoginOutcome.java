package jp.callmail.domain.model.operator;

/** What an operator's login attempt came to (logged; the person sees only accepted or not). */
public enum OperatorLoginOutcome {
  ACCEPTED,
  REFUSED,
  /** Too many consecutive failures: refused until the lock expires or an admin resets it. */
  LOCKED,
  DISABLED,
  /** An issued password not replaced in time: an admin must issue another. */
  EXPIRED
}
