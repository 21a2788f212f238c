package jp.callmail.domain.model.call;

/**
 * 非通知理由: why a caller's number is not shown (SPEC §3).
 *
 * <p>The domain's own type, translated from the SIP connector's in {@code infrastructure.sip}; the
 * constants' names are stored in the call log and shown by the API, so they match the adapter's.
 * The words a mail shows for them belong to the mail ({@code infrastructure.mail}).
 */
public enum WithheldReason {
  /** The number is shown. */
  NONE,
  /** The caller asked for privacy, or the form is unknown (非通知). */
  PRIVACY,
  /** A pay phone (公衆). */
  PAYPHONE,
  /** The number is not available: another network or service (表示圏外). */
  UNAVAILABLE;

  public boolean isWithheld() {
    return this != NONE;
  }
}
