package jp.callmail.sip.api;

/** The application's answer when the IVR sets a temporary password. */
public enum TemporaryPasswordOutcome {
  /** Stored (hashed), valid for 24 hours, any lockout cleared. */
  SET,
  /** The caller may not act on that line, or the line lacks the option (nothing changed). */
  NOT_ALLOWED,
  /** The password breaks the temporary-password rules (nothing changed). */
  INVALID_PASSWORD
}
