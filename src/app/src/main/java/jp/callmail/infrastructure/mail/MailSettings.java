package jp.callmail.infrastructure.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import jp.callmail.domain.model.line.MailCharset;

/**
 * The configured parts of every mail (SPEC §5). Checked once, when the configuration is read, so
 * that a mistake shows at start-up instead of as a mail that every recipient — or only those on
 * ISO-2022-JP — cannot read.
 *
 * @param serviceName name shown before 「着信お知らせメール」 in the footer
 * @param portalUrl absolute http(s) URL of the service settings site, shown in the footer
 * @param senderAddress From address, optionally with a display name ({@code 名前 <addr@example.jp>})
 * @param subject Subject of a notice; a test mail prefixes it with 【テスト】
 * @param passwordNoticeSubject Subject of the mail that says a temporary password was set
 * @param faxSubject Subject of FAXお知らせメール (a fax call's mail); a test mail of the fax option
 *     prefixes it with 【テスト】
 */
public record MailSettings(
    String serviceName,
    String portalUrl,
    String senderAddress,
    String subject,
    String passwordNoticeSubject,
    String faxSubject) {

  /** The default subject of the temporary-password notice. */
  public static final String PASSWORD_NOTICE_SUBJECT = "仮パスワード設定のお知らせ";

  /** The default subject of FAXお知らせメール. */
  public static final String FAX_SUBJECT = "FAXお知らせメール";

  public MailSettings {
    requireLine("serviceName", serviceName);
    requireLine("portalUrl", portalUrl);
    requireLine("senderAddress", senderAddress);
    requireLine("subject", subject);
    requireLine("passwordNoticeSubject", passwordNoticeSubject);
    requireLine("faxSubject", faxSubject);
    requireHttpUrl(portalUrl);
    requireMailbox(senderAddress);
  }

  /** With the default subject of FAXお知らせメール. */
  public MailSettings(
      String serviceName,
      String portalUrl,
      String senderAddress,
      String subject,
      String passwordNoticeSubject) {
    this(serviceName, portalUrl, senderAddress, subject, passwordNoticeSubject, FAX_SUBJECT);
  }

  /** With the default subjects of the temporary-password notice and of FAXお知らせメール. */
  public MailSettings(String serviceName, String portalUrl, String senderAddress, String subject) {
    this(serviceName, portalUrl, senderAddress, subject, PASSWORD_NOTICE_SUBJECT);
  }

  /** The sender as a parsed address; valid by construction. */
  InternetAddress sender() {
    try {
      return new InternetAddress(senderAddress, true);
    } catch (AddressException e) {
      throw new IllegalStateException("checked in the constructor", e);
    }
  }

  /**
   * Non-blank, one line (a line break would corrupt the body layout or inject a header), and
   * encodable in every selectable charset: Java's ISO-2022-JP is JIS X 0208 only, so characters
   * such as ①, ～ (U+FF5E) or 髙 would arrive as '?' on Japanese mobile phones.
   */
  private static void requireLine(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Mail setting " + name + " must not be blank");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("Mail setting " + name + " must be one line: " + value);
    }
    for (MailCharset charset : MailCharset.values()) {
      if (!charset.charset().newEncoder().canEncode(value)) {
        throw new IllegalArgumentException(
            "Mail setting "
                + name
                + " has characters that "
                + charset.mimeName()
                + " cannot carry: "
                + value);
      }
    }
  }

  private static void requireHttpUrl(String portalUrl) {
    try {
      URI uri = new URI(portalUrl);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException(
            "Mail setting portalUrl must be an absolute http(s) URL: " + portalUrl);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Mail setting portalUrl is not a URL: " + portalUrl + " (" + e.getMessage() + ")", e);
    }
  }

  private static void requireMailbox(String senderAddress) {
    try {
      new InternetAddress(senderAddress, true).validate();
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "Mail setting senderAddress is not a valid mail address: "
              + senderAddress
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
