package jp.callmail.domain.model.line;

/** How a recipient's mail is laid out (SPEC §5): PC, or mobile with date and time on two lines. */
public enum MailForm {
  PC,
  MOBILE
}
