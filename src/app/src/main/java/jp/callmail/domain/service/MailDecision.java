package jp.callmail.domain.service;

import java.util.Objects;

/**
 * Whether a completed call makes mail, and why, so that the call log can show an operator the
 * reason a customer did not get a mail ("why didn't I get a mail?" is the first support question).
 *
 * @param send {@code true} if the call's mails are to be sent
 * @param reason short reason for the log, in English with the Japanese term in brackets; never
 *     blank
 */
public record MailDecision(boolean send, String reason) {

  /** The call passes every condition. */
  public static final MailDecision SEND = new MailDecision(true, "send (送信)");

  /** The line is stopped (停止). */
  public static final MailDecision STOPPED = new MailDecision(false, "stopped (停止中)");

  /** Designated callers only, and the caller's number is not one of them. */
  public static final MailDecision CALLER_NOT_DESIGNATED =
      new MailDecision(false, "caller not designated (指定外の発信者)");

  /** Designated callers only, and the caller withheld the number, whatever the reason. */
  public static final MailDecision WITHHELD_CALLER =
      new MailDecision(false, "withheld caller never matches designated numbers (非通知)");

  /** FAXお知らせメール: the call is a voice call, not a fax. */
  public static final MailDecision VOICE_CALL = new MailDecision(false, "voice call (音声着信)");

  /** Unanswered calls only, and the call was answered (通話). */
  public static final MailDecision ANSWERED =
      new MailDecision(false, "answered call, unanswered-only (応答済み)");

  public MailDecision {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("A mail decision needs a reason for the log");
    }
  }
}
