package jp.callmail.infrastructure.mail;

import static jp.callmail.infrastructure.mail.MailFixtures.CLOCK;
import static jp.callmail.infrastructure.mail.MailFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.line.ServiceOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** FAXお知らせメール, as the README shows it: its subject, body, footer and test mail. */
class FaxMailComposerTest {

  static final String FAX_PC_BODY =
      """
      FAX着信日時:2026/11/25 23:59:08
      発信者通知番号:0612345678
      非通知理由:
      着信電話番号:0312345678
      着信状態:通話

      コールメール西日本 「FAXお知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  static final String FAX_MOBILE_WITHHELD_BODY =
      """
      FAX着信日時:2026/11/25
      23:59:08
      発信者通知番号:
      非通知理由:非通知
      着信電話番号:0312345678
      着信状態:通話

      コールメール西日本 「FAXお知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  static final String FAX_TEST_BODY =
      """
      「FAXお知らせメール」のテストメールです。
      このメールが届いていれば、このアドレスでFAXお知らせメールを受け取れます。

      コールメール西日本 「FAXお知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  private static final CallNotice FAX =
      new CallNotice("2026/11/25 23:59:08", "0612345678", "", 4, "通話");
  private static final CallNotice WITHHELD_FAX =
      new CallNotice("2026/11/25 23:59:08", "", "非通知", 4, "通話");
  private static final String RECIPIENT = "fax@example.jp";
  private static final String MESSAGE_ID = "call-43.rcpt-1@callmail.example";

  private final NotificationMailComposer composer = new NotificationMailComposer(SETTINGS, CLOCK);
  private final Session session = Session.getInstance(new Properties());

  @Test
  void pcBodyNamesTheFaxAndTheLineThatReceivedIt() {
    assertThat(composer.faxBody(FAX, "0312345678", MailForm.PC)).isEqualTo(FAX_PC_BODY);
  }

  @Test
  void mobileBodyHasTheTimeOnItsOwnLineAndAWithheldCallerHasItsReason() {
    assertThat(composer.faxBody(WITHHELD_FAX, "0312345678", MailForm.MOBILE))
        .isEqualTo(FAX_MOBILE_WITHHELD_BODY);
  }

  @Test
  void utf8FaxMailHasTheFaxSubject() throws Exception {
    MimeMessage message =
        composer.compose(
            session,
            ServiceOption.FAX_MAIL,
            FAX,
            "0312345678",
            RECIPIENT,
            MailForm.PC,
            MailCharset.UTF_8,
            MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("FAXお知らせメール");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("base64");
    assertThat(new String(Base64.getMimeDecoder().decode(raw.body), StandardCharsets.UTF_8))
        .isEqualTo(crlf(FAX_PC_BODY));
  }

  @Test
  void iso2022JpFaxMailIsSevenBitJis() throws Exception {
    MimeMessage message =
        composer.compose(
            session,
            ServiceOption.FAX_MAIL,
            WITHHELD_FAX,
            "0312345678",
            RECIPIENT,
            MailForm.MOBILE,
            MailCharset.ISO_2022_JP,
            MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(raw.header("Subject")).startsWith("=?ISO-2022-JP?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("FAXお知らせメール");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("7bit");
    assertThat(RawMessage.isSevenBit(raw.body)).isTrue();
    assertThat(new String(raw.body, MailCharset.ISO_2022_JP.charset()))
        .isEqualTo(crlf(FAX_MOBILE_WITHHELD_BODY));
  }

  @Test
  void theFaxSubjectIsConfigurable() throws Exception {
    NotificationMailComposer configured =
        new NotificationMailComposer(
            new MailSettings(
                "コールメール西日本",
                "https://portal.callmail.example/",
                "noreply@callmail.example",
                "着信お知らせメール",
                MailSettings.PASSWORD_NOTICE_SUBJECT,
                "【FAX】着信のお知らせ"),
            CLOCK);
    MimeMessage message =
        configured.compose(
            session,
            ServiceOption.FAX_MAIL,
            FAX,
            "0312345678",
            RECIPIENT,
            MailForm.PC,
            MailCharset.UTF_8,
            MESSAGE_ID);
    assertThat(message.getSubject()).isEqualTo("【FAX】着信のお知らせ");
  }

  @Test
  void theCallMailOfTheSameCallStaysTheCallMail() throws Exception {
    MimeMessage message =
        composer.compose(
            session,
            ServiceOption.CALL_MAIL,
            FAX,
            "0312345678",
            RECIPIENT,
            MailForm.PC,
            MailCharset.UTF_8,
            MESSAGE_ID);
    assertThat(message.getSubject()).isEqualTo("着信お知らせメール");
    assertThat(message.getContent())
        .isEqualTo(crlf(composer.body(FAX, MailForm.PC)))
        .asString()
        .contains("着信日時:2026/11/25 23:59:08", "「着信お知らせメール」");
  }

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void faxTestMailHasTheFaxSubjectAndFooter(MailCharset charset) throws Exception {
    MimeMessage message =
        composer.composeTest(
            session, ServiceOption.FAX_MAIL, RECIPIENT, MailForm.PC, charset, MESSAGE_ID);
    assertThat(MimeUtility.decodeText(RawMessage.of(message).header("Subject")))
        .isEqualTo("【テスト】FAXお知らせメール");
    assertThat(message.getContent()).isEqualTo(crlf(FAX_TEST_BODY));
  }

  private static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }
}
