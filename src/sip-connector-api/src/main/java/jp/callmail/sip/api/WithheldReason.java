package jp.callmail.sip.api;

/**
 * 非通知理由: why a caller's number is not shown (SPEC §3). The application translates it into its own
 * domain type; the words a mail shows for it are the application's, not the adapter's.
 */
public enum WithheldReason {
  /** The number is shown. */
  NONE,
  /** The caller asked for privacy, or the form is unknown. */
  PRIVACY,
  /** A pay phone. */
  PAYPHONE,
  /** The number is not available (another network or service). */
  UNAVAILABLE;

  public boolean isWithheld() {
    return this != NONE;
  }
}
