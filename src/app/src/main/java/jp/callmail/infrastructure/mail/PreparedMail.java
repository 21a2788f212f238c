package jp.callmail.infrastructure.mail;

import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.mail.MailKind;

/**
 * A claimed outbox row with everything needed to compose it, read inside the claiming transaction
 * so that sending needs no database.
 *
 * @param notice the call's notice; null for other kinds
 * @param passwordNotice what a temporary-password notice tells; null for other kinds
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
    PasswordNotice passwordNotice) {}
