package jp.callmail.domain.model.mail;

/** Where an outbox mail stands. */
public enum MailStatus {
  /** Written, not yet tried. */
  PENDING,
  /** Accepted by the mail server. */
  SENT,
  /** A transient failure (connection, 4xx); tried again later. */
  RETRYING,
  /** Refused for good (5xx) or given up after the retry period; the reply is kept. */
  FAILED
}
