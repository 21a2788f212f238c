package jp.callmail.infrastructure.mail;

import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.MailKind;

/**
 * A claimed outbox row with everything needed to compose it, read inside the claiming transaction
 * so that sending needs no database.
 *
 * @param notice the call's notice; null for other kinds
 * @param passwordNotice what a temporary-password notice tells; null for other kinds
 * @param option the option the mail belongs to: its subject, body and footer
 */
public record PreparedMail(
    long id,
    MailKind kind,
    String recipient,
    MailForm form,
    MailCharset charset,
    String messageId,
    String lineNumber,
    CallNotice notice,
    PasswordNotice passwordNotice,
    ServiceOption option) {

  /** A mail of 着信お知らせメール. */
  public PreparedMail(
      long id,
      MailKind kind,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId,
      String lineNumber,
      CallNotice notice,
      PasswordNotice passwordNotice) {
    this(
        id,
        kind,
        recipient,
        form,
        charset,
        messageId,
        lineNumber,
        notice,
        passwordNotice,
        ServiceOption.CALL_MAIL);
  }
}
