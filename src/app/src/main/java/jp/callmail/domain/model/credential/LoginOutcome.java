package jp.callmail.domain.model.credential;

/** What a login attempt with a line's password led to. */
public enum LoginOutcome {
  /** The subscriber's own password: logged in. */
  ACCEPTED,
  /**
   * A valid temporary password: logged in, but a real password must be set before anything else.
   */
  MUST_CHANGE_PASSWORD,
  /** Wrong, expired, locked or unknown: the same answer for all, so nothing leaks. */
  REFUSED
}
