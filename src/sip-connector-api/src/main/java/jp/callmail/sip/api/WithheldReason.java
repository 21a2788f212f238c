package jp.callmail.sip.api;

/** 非通知理由: why a caller's number is not shown (SPEC §3). */
public enum WithheldReason {
  /** The number is shown. */
  NONE(""),
  /** The caller asked for privacy, or the form is unknown. */
  PRIVACY("非通知"),
  /** A pay phone. */
  PAYPHONE("公衆"),
  /** The number is not available (another network or service). */
  UNAVAILABLE("表示圏外");

  private final String label;

  WithheldReason(String label) {
    this.label = label;
  }

  /** The exact Japanese text shown in mails; empty for {@link #NONE}. */
  public String label() {
    return label;
  }

  public boolean isWithheld() {
    return this != NONE;
  }
}
