package jp.callmail.infrastructure.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.callmail.domain.model.line.MailAddresses;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;

/**
 * Writes the notice mail and the test mail (SPEC §5), and the temporary-password notice, for one
 * recipient in that recipient's form and charset, for either option: 着信お知らせメール, or FAXお知らせメール (its
 * own subject, a fax call's body, and its name in the footer).
 *
 * <p>Encoding, chosen for Japanese mobile carriers as much as for PC clients:
 *
 * <ul>
 *   <li>{@link #body} separates lines with {@code "\n"}; the MIME part gets CRLF, the canonical
 *       form RFC 2045 requires before a transfer encoding (base64 of bare LF is not canonical text,
 *       and 7bit text must not hold a bare LF). The last line has no line break: in 7bit SMTP's
 *       {@code <CRLF>.<CRLF>} ends it whether or not the text did, so without one a receiver
 *       decodes the same text from either encoding.
 *   <li>ISO-2022-JP: {@code Content-Transfer-Encoding: 7bit}, the form RFC 1468 defines and
 *       Japanese mobile mail expects. Set explicitly: Jakarta Mail would count the ESC bytes as
 *       non-ASCII and pick quoted-printable or base64.
 *   <li>UTF-8: base64, which passes any 7-bit gateway; 8bit would need 8BITMIME on every hop.
 *   <li>Subject: RFC 2047 B encoding in the recipient's charset (never Q, which Jakarta Mail would
 *       pick for mostly-ASCII text and some phones do not decode); plain ASCII stays unencoded.
 *   <li>Message-ID: fixed by the caller, so a retried mail carries the same id and receivers can
 *       recognise a duplicate; {@link MimeMessage#saveChanges()} does not replace it.
 * </ul>
 */
public class NotificationMailComposer {

  /** Put before the configured subject of a test mail. */
  public static final String TEST_SUBJECT_PREFIX = "【テスト】";

  /** An id-left@id-right without the angle brackets (RFC 5322 msg-id, dot-atom-text loosely). */
  private static final Pattern MESSAGE_ID =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+");

  private final MailSettings settings;
  private final Clock clock;

  public NotificationMailComposer(MailSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** With the clock that dates the mails, so that tests can fix the Date header. */
  public NotificationMailComposer(MailSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The notice text, lines separated by {@code "\n"}; the mobile form has the time on its own line.
   */
  public String body(CallNotice n, MailForm form) {
    String callTime = form == MailForm.MOBILE ? n.callDate() + "\n" + n.callClock() : n.callTime();
    return "着信日時:"
        + callTime
        + "\n"
        + "発信者通知番号:"
        + n.callerNumber()
        + "\n"
        + "非通知理由:"
        + n.withheldReason()
        + "\n"
        + "呼出時間:"
        + n.ringingSeconds()
        + "秒\n"
        + "着信状態:"
        + n.outcome()
        + "\n"
        + "\n"
        + footer();
  }

  /**
   * The FAXお知らせメール text of a fax call to {@code lineNumber}, lines separated by {@code "\n"}; the
   * mobile form has the time on its own line.
   */
  public String faxBody(CallNotice n, String lineNumber, MailForm form) {
    String callTime = form == MailForm.MOBILE ? n.callDate() + "\n" + n.callClock() : n.callTime();
    return "FAX着信日時:"
        + callTime
        + "\n"
        + "発信者通知番号:"
        + n.callerNumber()
        + "\n"
        + "非通知理由:"
        + n.withheldReason()
        + "\n"
        + "着信電話番号:"
        + lineNumber
        + "\n"
        + "着信状態:"
        + n.outcome()
        + "\n"
        + "\n"
        + footer(ServiceOption.FAX_MAIL);
  }

  /** The notice of a call for one recipient; {@code messageId} without angle brackets. */
  public MimeMessage compose(
      Session session,
      CallNotice n,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    return message(session, settings.subject(), body(n, form), recipient, charset, messageId);
  }

  /**
   * The mail of a call for one recipient of an option: 着信お知らせメール, or FAXお知らせメール of the fax call to
   * {@code lineNumber}.
   */
  public MimeMessage compose(
      Session session,
      ServiceOption option,
      CallNotice n,
      String lineNumber,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    if (option == ServiceOption.FAX_MAIL) {
      return message(
          session,
          settings.faxSubject(),
          faxBody(n, lineNumber, form),
          recipient,
          charset,
          messageId);
    }
    return compose(session, n, recipient, form, charset, messageId);
  }

  /**
   * The test mail the portal sends to check an address. It has no date line, so {@code form}
   * changes nothing; it is taken so the caller can pass an address's settings as they are.
   */
  public MimeMessage composeTest(
      Session session, String recipient, MailForm form, MailCharset charset, String messageId)
      throws MessagingException {
    return composeTest(session, ServiceOption.CALL_MAIL, recipient, form, charset, messageId);
  }

  /** The test mail of an option, with that option's subject and name. */
  public MimeMessage composeTest(
      Session session,
      ServiceOption option,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    Objects.requireNonNull(form, "form");
    return message(
        session,
        TEST_SUBJECT_PREFIX + subject(option),
        testBody(option),
        recipient,
        charset,
        messageId);
  }

  /**
   * The 仮パスワード設定のお知らせ text: which line, when, how and until when, and what to do if it was not the
   * subscriber. The remedy is what {@code SubscriberCredentials} really does: a temporary password
   * leaves the subscriber's own password working, and changing the password with it retires the
   * temporary one; a subscriber whose own password no longer works (a stranger already changed it)
   * needs the operator. Never the password itself.
   */
  public String passwordNoticeBody(PasswordNotice n, MailForm form) {
    return passwordNoticeBody(ServiceOption.CALL_MAIL, n, form);
  }

  /** The notice of an option's temporary password; the option's name is in its footer. */
  public String passwordNoticeBody(ServiceOption option, PasswordNotice n, MailForm form) {
    String how =
        n.via() == TemporaryPasswordNotice.Via.IVR
            ? "電話(仮パスワード設定番号)から、発信者番号 " + n.callerNumber()
            : "オペレーターによる発行";
    return "電話番号 "
        + n.lineNumber()
        + " のサービス設定ホームページの仮パスワードが設定されました。\n"
        + "\n"
        + "設定日時:"
        + dateTime(n.setAt(), form)
        + "\n"
        + "設定方法:"
        + how
        + "\n"
        + "有効期限:"
        + dateTime(n.expiresAt(), form)
        + "(設定から"
        + span(n.validity())
        + ")\n"
        + "\n"
        + "お心当たりがない場合は、第三者が設定したおそれがあります。\n"
        + "ご自身のパスワードでサービス設定ホームページにログインし、パスワードを変更してください。"
        + "変更すると、この仮パスワードは使えなくなります。\n"
        + "ご自身のパスワードでログインできない場合は、サービスのお問い合わせ窓口へご連絡ください。\n"
        + "※仮パスワードそのものは、このメールには記載していません。\n"
        + "\n"
        + footer(option);
  }

  /** The temporary-password notice for one of the line's addresses. */
  public MimeMessage composePasswordNotice(
      Session session,
      PasswordNotice n,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    return composePasswordNotice(
        session, ServiceOption.CALL_MAIL, n, recipient, form, charset, messageId);
  }

  /** The notice of an option's temporary password for one of that option's addresses. */
  public MimeMessage composePasswordNotice(
      Session session,
      ServiceOption option,
      PasswordNotice n,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    return message(
        session,
        settings.passwordNoticeSubject(),
        passwordNoticeBody(option, n, form),
        recipient,
        charset,
        messageId);
  }

  /**
   * {@code yyyy/MM/dd HH:mm:ss}; the mobile form puts the time on a line of its own, as in the
   * notice.
   */
  private static String dateTime(String text, MailForm form) {
    return form == MailForm.MOBILE ? text.replace(' ', '\n') : text;
  }

  /** A validity in the largest whole unit: 24時間, 90分, 45秒. */
  private static String span(Duration d) {
    long seconds = d.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "時間";
    }
    return seconds % 60 == 0 ? seconds / 60 + "分" : seconds + "秒";
  }

  private String testBody(ServiceOption option) {
    return "「"
        + option.label()
        + "」のテストメールです。\n"
        + "このメールが届いていれば、このアドレスで"
        + option.label()
        + "を受け取れます。\n"
        + "\n"
        + footer(option);
  }

  private String subject(ServiceOption option) {
    return option == ServiceOption.FAX_MAIL ? settings.faxSubject() : settings.subject();
  }

  private String footer() {
    return footer(ServiceOption.CALL_MAIL);
  }

  /** The footer, with the option's name: 「着信お知らせメール」 or 「FAXお知らせメール」. */
  private String footer(ServiceOption option) {
    return settings.serviceName()
        + " 「"
        + option.label()
        + "」\n"
        + "※各種設定は、サービス設定ホームページから実施してください。\n"
        + settings.portalUrl()
        + "\n"
        + "※本メールは送信専用のため返信できません。";
  }

  private MimeMessage message(
      Session session,
      String subject,
      String body,
      String recipient,
      MailCharset charset,
      String messageId)
      throws MessagingException {
    Objects.requireNonNull(charset, "charset");
    InternetAddress to = recipient(recipient);
    MimeMessage message = new FixedIdMimeMessage(session, messageIdHeader(messageId), to);
    message.setFrom(sender(charset));
    message.setRecipient(Message.RecipientType.TO, to);
    message.setHeader("Subject", MimeUtility.fold("Subject: ".length(), encodeB(subject, charset)));
    message.setSentDate(Date.from(clock.instant()));
    message.setText(body.replace("\n", "\r\n"), charset.mimeName());
    // After setText, which clears it; updateHeaders keeps a Content-Transfer-Encoding already set.
    message.setHeader(
        "Content-Transfer-Encoding", charset == MailCharset.ISO_2022_JP ? "7bit" : "base64");
    return message;
  }

  /** The sender, its display name (if any) encoded in the recipient's charset. */
  private InternetAddress sender(MailCharset charset) throws MessagingException {
    InternetAddress sender = settings.sender();
    if (sender.getPersonal() == null) {
      return sender;
    }
    try {
      return new InternetAddress(sender.getAddress(), sender.getPersonal(), charset.mimeName());
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("Cannot encode the sender's name in " + charset.mimeName(), e);
    }
  }

  /**
   * One bare address, as the portal stores it. Checked as strictly as Jakarta Mail reads the To
   * header back (mail.mime.address.strict defaults to true), so that a message built here can
   * always be sent with {@code Transport.send(message)} — except an old-style Japanese mobile
   * address ({@link MailAddresses#isOldStyleMobile}), which that parser refuses for its dots: it is
   * taken as it is, written to the To header as it is, and given to the transport as the envelope
   * recipient by {@link FixedIdMimeMessage}, so that {@code RCPT TO} names exactly that mailbox.
   */
  private static InternetAddress recipient(String recipient) throws AddressException {
    if (recipient == null) {
      throw new AddressException("No recipient");
    }
    if (MailAddresses.isOldStyleMobile(recipient)) {
      InternetAddress address = new InternetAddress();
      address.setAddress(recipient);
      return address;
    }
    InternetAddress address = new InternetAddress(recipient, true);
    address.validate();
    if (!recipient.equals(address.getAddress())) {
      throw new AddressException("Not a bare mail address", recipient);
    }
    return address;
  }

  private static String messageIdHeader(String messageId) {
    if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
      throw new IllegalArgumentException(
          "messageId must be id-left@id-right without angle brackets: " + messageId);
    }
    return "<" + messageId + ">";
  }

  private static String encodeB(String text, MailCharset charset) throws MessagingException {
    try {
      return MimeUtility.encodeText(text, charset.mimeName(), "B");
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("Cannot encode the subject in " + charset.mimeName(), e);
    }
  }

  /**
   * A message whose Message-ID is the one given, also after {@link #saveChanges()}; its To
   * recipient is the address it was made for, not one parsed back from the header, which Jakarta
   * Mail's strict parser could not do for an old-style mobile address.
   */
  private static final class FixedIdMimeMessage extends MimeMessage {
    private final String messageId;
    private final InternetAddress to;

    FixedIdMimeMessage(Session session, String messageId, InternetAddress to)
        throws MessagingException {
      super(session);
      this.messageId = messageId;
      this.to = to;
      setHeader("Message-ID", messageId);
    }

    @Override
    public Address[] getRecipients(Message.RecipientType type) throws MessagingException {
      if (type == Message.RecipientType.TO && MailAddresses.isOldStyleMobile(to.getAddress())) {
        return new Address[] {to};
      }
      return super.getRecipients(type);
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
