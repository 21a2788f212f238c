package jp.callmail.infrastructure.mail;

import static jp.callmail.infrastructure.mail.MailFixtures.CLOCK;
import static jp.callmail.infrastructure.mail.MailFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Properties;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice.Via;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 仮パスワード設定のお知らせ, byte for byte in both forms and both charsets. */
class PasswordNoticeMailTest {

  private static final Instant SET = Instant.parse("2026-11-25T14:59:08Z"); // 23:59:08 in Tokyo
  private static final PasswordNotice BY_PHONE =
      PasswordNotice.of(
          "0312345678",
          TemporaryPasswordNotice.byPhone(SET, SET.plus(Duration.ofHours(24)), "0312345678"),
          ZoneId.of("Asia/Tokyo"));
  private static final PasswordNotice BY_OPERATOR =
      PasswordNotice.of(
          "0612340000",
          TemporaryPasswordNotice.byOperator(SET, SET.plus(Duration.ofHours(24))),
          ZoneId.of("Asia/Tokyo"));

  static final String REMEDY_AND_FOOTER =
      """
      お心当たりがない場合は、第三者が設定したおそれがあります。
      ご自身のパスワードでサービス設定ホームページにログインし、パスワードを変更してください。変更すると、この仮パスワードは使えなくなります。
      ご自身のパスワードでログインできない場合は、サービスのお問い合わせ窓口へご連絡ください。
      ※仮パスワードそのものは、このメールには記載していません。

      コールメール西日本 「着信お知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  static final String PC_BY_PHONE =
      """
      電話番号 0312345678 のサービス設定ホームページの仮パスワードが設定されました。

      設定日時:2026/11/25 23:59:08
      設定方法:電話(仮パスワード設定番号)から、発信者番号 0312345678
      有効期限:2026/11/26 23:59:08(設定から24時間)

      """
          + REMEDY_AND_FOOTER;

  static final String MOBILE_BY_OPERATOR =
      """
      電話番号 0612340000 のサービス設定ホームページの仮パスワードが設定されました。

      設定日時:2026/11/25
      23:59:08
      設定方法:オペレーターによる発行
      有効期限:2026/11/26
      23:59:08(設定から24時間)

      """
          + REMEDY_AND_FOOTER;

  private final NotificationMailComposer composer = new NotificationMailComposer(SETTINGS, CLOCK);
  private final Session session = Session.getInstance(new Properties());

  @Test
  void pcByPhoneSaysWhenHowUntilWhenAndWhatToDo() {
    assertThat(composer.passwordNoticeBody(BY_PHONE, MailForm.PC)).isEqualTo(PC_BY_PHONE);
  }

  @Test
  void mobileByOperatorPutsTimesOnTheirOwnLines() {
    assertThat(composer.passwordNoticeBody(BY_OPERATOR, MailForm.MOBILE))
        .isEqualTo(MOBILE_BY_OPERATOR);
    assertThat(composer.passwordNoticeBody(BY_OPERATOR, MailForm.PC))
        .contains(
            "設定日時:2026/11/25 23:59:08\n設定方法:オペレーターによる発行\n有効期限:2026/11/26 23:59:08(設定から24時間)\n");
  }

  @Test
  void aShorterValidityIsToldAsItIs() {
    PasswordNotice twoMinutes =
        PasswordNotice.of(
            "0312345678",
            TemporaryPasswordNotice.byOperator(SET, SET.plusSeconds(120)),
            ZoneId.of("Asia/Tokyo"));
    assertThat(composer.passwordNoticeBody(twoMinutes, MailForm.PC))
        .contains("有効期限:2026/11/26 00:01:08(設定から2分)");
    PasswordNotice odd =
        PasswordNotice.of(
            "0312345678",
            TemporaryPasswordNotice.byOperator(SET, SET.plusSeconds(90)),
            ZoneId.of("UTC"));
    assertThat(composer.passwordNoticeBody(odd, MailForm.PC))
        .contains("有効期限:2026/11/25 15:00:38(設定から90秒)");
  }

  @Test
  void anIvrNoticeMustNameTheCaller() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new PasswordNotice(
                    "0312345678",
                    "2026/11/25 23:59:08",
                    "2026/11/26 23:59:08",
                    Duration.ofHours(24),
                    Via.IVR,
                    null));
  }

  @Test
  void utf8PcIsBase64OfTheTextWithTheConfiguredSubject() throws Exception {
    MimeMessage message =
        composer.composePasswordNotice(
            session,
            BY_PHONE,
            "taro@example.jp",
            MailForm.PC,
            MailCharset.UTF_8,
            "n-1@callmail.example");
    RawMessage raw = RawMessage.of(message);
    assertThat(raw.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("base64");
    assertThat(raw.header("Subject")).startsWith("=?UTF-8?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("仮パスワード設定のお知らせ");
    assertThat(raw.header("Message-ID")).isEqualTo("<n-1@callmail.example>");
    assertThat(RawMessage.hasBareLineFeedOrCarriageReturn(raw.body)).isFalse();
    assertThat(Base64.getMimeDecoder().decode(raw.body))
        .isEqualTo(crlf(PC_BY_PHONE).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void iso2022JpMobileIsSevenBitJis() throws Exception {
    MimeMessage message =
        composer.composePasswordNotice(
            session,
            BY_OPERATOR,
            "hanako@docomo.ne.jp",
            MailForm.MOBILE,
            MailCharset.ISO_2022_JP,
            "n-2@callmail.example");
    RawMessage raw = RawMessage.of(message);
    assertThat(raw.header("Content-Type")).isEqualTo("text/plain; charset=ISO-2022-JP");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("7bit");
    assertThat(raw.header("Subject")).startsWith("=?ISO-2022-JP?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("仮パスワード設定のお知らせ");
    assertThat(RawMessage.isSevenBit(raw.body)).isTrue();
    assertThat(RawMessage.hasBareLineFeedOrCarriageReturn(raw.body)).isFalse();
    assertThat(raw.body)
        .isEqualTo(crlf(MOBILE_BY_OPERATOR).getBytes(MailCharset.ISO_2022_JP.charset()));
    assertThat(new String(raw.body, MailCharset.ISO_2022_JP.charset()))
        .isEqualTo(crlf(MOBILE_BY_OPERATOR));
  }

  /** Both texts, in both forms, survive both charsets: nothing outside JIS X 0208 is in them. */
  @ParameterizedTest
  @EnumSource(MailForm.class)
  void everyFormAndCharsetCarriesTheTextExactly(MailForm form) throws Exception {
    for (MailCharset charset : MailCharset.values()) {
      for (PasswordNotice notice : new PasswordNotice[] {BY_PHONE, BY_OPERATOR}) {
        MimeMessage message =
            composer.composePasswordNotice(
                session, notice, "taro@example.jp", form, charset, "n-3@callmail.example");
        assertThat(
                charset.charset().newEncoder().canEncode(composer.passwordNoticeBody(notice, form)))
            .isTrue();
        assertThat(RawMessage.of(message).header("Content-Type"))
            .isEqualTo("text/plain; charset=" + charset.mimeName());
        assertThat(message.getContent()).isEqualTo(crlf(composer.passwordNoticeBody(notice, form)));
      }
    }
  }

  @Test
  void theSubjectIsConfigurable() throws Exception {
    NotificationMailComposer custom =
        new NotificationMailComposer(
            new MailSettings(
                SETTINGS.serviceName(),
                SETTINGS.portalUrl(),
                SETTINGS.senderAddress(),
                SETTINGS.subject(),
                "【重要】仮パスワードが設定されました"),
            CLOCK);
    MimeMessage message =
        custom.composePasswordNotice(
            session,
            BY_PHONE,
            "taro@example.jp",
            MailForm.PC,
            MailCharset.ISO_2022_JP,
            "n-4@callmail.example");
    assertThat(MimeUtility.decodeText(message.getHeader("Subject", null)))
        .isEqualTo("【重要】仮パスワードが設定されました");
  }

  private static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }
}
