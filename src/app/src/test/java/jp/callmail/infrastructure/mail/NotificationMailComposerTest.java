package jp.callmail.infrastructure.mail;

import static jp.callmail.infrastructure.mail.MailFixtures.CLOCK;
import static jp.callmail.infrastructure.mail.MailFixtures.NOW;
import static jp.callmail.infrastructure.mail.MailFixtures.SAMPLE;
import static jp.callmail.infrastructure.mail.MailFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.stream.Stream;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.call.WithheldReason;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationMailComposerTest {

  static final String PC_BODY =
      """
      着信日時:2006/01/02 15:04:05
      発信者通知番号:0612345678
      非通知理由:
      呼出時間:10秒
      着信状態:応答なし

      コールメール西日本 「着信お知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  static final String MOBILE_BODY =
      """
      着信日時:2006/01/02
      15:04:05
      発信者通知番号:0612345678
      非通知理由:
      呼出時間:10秒
      着信状態:応答なし

      コールメール西日本 「着信お知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  static final String TEST_BODY =
      """
      「着信お知らせメール」のテストメールです。
      このメールが届いていれば、このアドレスで着信お知らせメールを受け取れます。

      コールメール西日本 「着信お知らせメール」
      ※各種設定は、サービス設定ホームページから実施してください。
      https://portal.callmail.example/
      ※本メールは送信専用のため返信できません。""";

  private static final String RECIPIENT = "taro@example.jp";
  private static final String MESSAGE_ID = "call-42.rcpt-3@callmail.example";
  private static final byte[] ESC_TO_JIS_X_0208 = {0x1B, '$', 'B'};
  private static final byte[] ESC_TO_ASCII = {0x1B, '(', 'B'};

  private final NotificationMailComposer composer = new NotificationMailComposer(SETTINGS, CLOCK);
  private final Session session = Session.getInstance(new Properties());

  @Test
  void pcBodyIsTheSpecsLayout() {
    assertThat(composer.body(SAMPLE, MailForm.PC)).isEqualTo(PC_BODY);
    assertThat(PC_BODY.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(
            ("着信日時:2006/01/02 15:04:05\n発信者通知番号:0612345678\n非通知理由:\n呼出時間:10秒\n"
                    + "着信状態:応答なし\n\nコールメール西日本 「着信お知らせメール」\n"
                    + "※各種設定は、サービス設定ホームページから実施してください。\nhttps://portal.callmail.example/\n"
                    + "※本メールは送信専用のため返信できません。")
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mobileBodyHasTheTimeOnItsOwnLine() {
    assertThat(composer.body(SAMPLE, MailForm.MOBILE)).isEqualTo(MOBILE_BODY);
  }

  static Stream<Arguments> everyWithheldReasonAndOutcome() {
    Object[][] reasons = {
      {WithheldReason.NONE, "", "0612345678"},
      {WithheldReason.PRIVACY, "非通知", ""},
      {WithheldReason.PAYPHONE, "公衆", ""},
      {WithheldReason.UNAVAILABLE, "表示圏外", ""}
    };
    Object[][] outcomes = {
      {CallOutcome.ANSWERED, "通話"},
      {CallOutcome.FORWARDED, "転送"},
      {CallOutcome.NOT_ANSWERED, "応答なし"}
    };
    assertThat(reasons).hasNumberOfRows(WithheldReason.values().length);
    assertThat(outcomes).hasNumberOfRows(CallOutcome.values().length);
    return Arrays.stream(reasons)
        .flatMap(
            r ->
                Arrays.stream(outcomes)
                    .flatMap(
                        o ->
                            Arrays.stream(MailForm.values())
                                .map(f -> Arguments.of(r[0], r[1], r[2], o[0], o[1], f))));
  }

  @ParameterizedTest(name = "{0} {3} {5}")
  @MethodSource("everyWithheldReasonAndOutcome")
  void everyCombinationRenders(
      WithheldReason reason,
      String reasonLabel,
      String shownNumber,
      CallOutcome outcome,
      String outcomeLabel,
      MailForm form) {
    CompletedCall r =
        new CompletedCall(
            "c",
            "0312345678",
            Instant.parse("2026-03-04T23:05:06Z"),
            "0612345678",
            reason,
            125,
            outcome);

    String body = composer.body(CallNotice.of(r, ZoneId.of("Asia/Tokyo"), new MailWords()), form);

    String callTime =
        form == MailForm.PC ? "着信日時:2026/03/05 08:05:06\n" : "着信日時:2026/03/05\n08:05:06\n";
    assertThat(body)
        .isEqualTo(
            callTime
                + "発信者通知番号:"
                + shownNumber
                + "\n"
                + "非通知理由:"
                + reasonLabel
                + "\n"
                + "呼出時間:125秒\n"
                + "着信状態:"
                + outcomeLabel
                + "\n"
                + PC_BODY.substring(PC_BODY.indexOf("\n\n") + 1));
  }

  @Test
  void utf8IsBase64WithCrlfLines() throws Exception {
    MimeMessage message =
        composer.compose(session, SAMPLE, RECIPIENT, MailForm.PC, MailCharset.UTF_8, MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(raw.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("base64");
    assertThat(raw.header("Subject")).startsWith("=?UTF-8?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("着信お知らせメール");
    assertThat(RawMessage.isSevenBit(raw.body)).isTrue();
    assertThat(RawMessage.hasBareLineFeedOrCarriageReturn(raw.body)).isFalse();
    assertThat(new String(Base64.getMimeDecoder().decode(raw.body), StandardCharsets.UTF_8))
        .isEqualTo(crlf(PC_BODY));
  }

  @Test
  void iso2022JpIsSevenBitJisWithCrlfLines() throws Exception {
    MimeMessage message =
        composer.compose(
            session, SAMPLE, RECIPIENT, MailForm.MOBILE, MailCharset.ISO_2022_JP, MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(raw.header("Content-Type")).isEqualTo("text/plain; charset=ISO-2022-JP");
    assertThat(raw.header("Content-Transfer-Encoding")).isEqualTo("7bit");
    assertThat(raw.header("Subject")).startsWith("=?ISO-2022-JP?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("着信お知らせメール");
    assertThat(RawMessage.isSevenBit(raw.body)).isTrue();
    assertThat(RawMessage.indexOf(raw.body, ESC_TO_JIS_X_0208)).isNotNegative();
    assertThat(RawMessage.hasBareLineFeedOrCarriageReturn(raw.body)).isFalse();
    assertThat(new String(raw.body, MailCharset.ISO_2022_JP.charset()))
        .isEqualTo(crlf(MOBILE_BODY));
  }

  /** RFC 1468: every line ends in ASCII, so a lost line cannot leave the next one in JIS mode. */
  @Test
  void iso2022JpLinesEndInAscii() throws Exception {
    RawMessage raw =
        RawMessage.of(
            composer.compose(
                session, SAMPLE, RECIPIENT, MailForm.PC, MailCharset.ISO_2022_JP, MESSAGE_ID));
    String text = new String(raw.body, StandardCharsets.US_ASCII);
    for (String line : text.split("\r\n")) {
      int jis = line.lastIndexOf("\u001b$B");
      assertThat(jis < 0 || line.lastIndexOf("\u001b(B") > jis).as(line).isTrue();
    }
    assertThat(RawMessage.indexOf(raw.body, ESC_TO_ASCII)).isNotNegative();
  }

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void headersAddressAndDate(MailCharset charset) throws Exception {
    MimeMessage message =
        composer.compose(session, SAMPLE, RECIPIENT, MailForm.PC, charset, MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(RawMessage.isSevenBit(raw.headerBytes)).isTrue();
    assertThat(raw.header("To")).isEqualTo(RECIPIENT);
    assertThat(raw.header("From"))
        .contains("=?" + charset.mimeName() + "?")
        .endsWith("<noreply@callmail.example>");
    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("着信お知らせ");
    assertThat(raw.header("MIME-Version")).isEqualTo("1.0");
    assertThat(raw.header("Date")).isNotNull();
    assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
  }

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void messageIdIsTheGivenOneAndStaysAfterSaveChanges(MailCharset charset) throws Exception {
    MimeMessage message =
        composer.compose(session, SAMPLE, RECIPIENT, MailForm.PC, charset, MESSAGE_ID);
    assertThat(message.getMessageID()).isEqualTo("<" + MESSAGE_ID + ">");

    message.saveChanges();
    message.saveChanges();
    RawMessage raw = RawMessage.of(message);

    assertThat(message.getHeader("Message-ID")).containsExactly("<" + MESSAGE_ID + ">");
    assertThat(raw.header("Message-ID")).isEqualTo("<" + MESSAGE_ID + ">");
  }

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void testMailHasTheTestSubjectAndFooter(MailCharset charset) throws Exception {
    MimeMessage message =
        composer.composeTest(session, RECIPIENT, MailForm.MOBILE, charset, MESSAGE_ID);
    RawMessage raw = RawMessage.of(message);

    assertThat(raw.header("Subject")).startsWith("=?" + charset.mimeName() + "?B?");
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo("【テスト】着信お知らせメール");
    assertThat(raw.header("Content-Type")).isEqualTo("text/plain; charset=" + charset.mimeName());
    assertThat(raw.header("Message-ID")).isEqualTo("<" + MESSAGE_ID + ">");
    assertThat(message.getContent()).isEqualTo(crlf(TEST_BODY));
  }

  /** A subject long enough to be folded into several encoded words still decodes back exactly. */
  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void longSubjectFoldsAndDecodesBack(MailCharset charset) throws Exception {
    String subject = "着信お知らせメール（株式会社サンプル 大阪本社 代表番号 06-1234-5678）のご案内です";
    NotificationMailComposer longSubject =
        new NotificationMailComposer(
            new MailSettings(
                SETTINGS.serviceName(), SETTINGS.portalUrl(), SETTINGS.senderAddress(), subject),
            CLOCK);
    RawMessage raw =
        RawMessage.of(
            longSubject.compose(session, SAMPLE, RECIPIENT, MailForm.PC, charset, MESSAGE_ID));

    String headers = new String(raw.headerBytes, StandardCharsets.US_ASCII);
    assertThat(headers.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(MimeUtility.decodeText(raw.header("Subject"))).isEqualTo(subject);
  }

  /**
   * docomo and au issued such addresses before 2009 and many phones still use them. Jakarta Mail's
   * parser refuses them (dot-dot, a dot before the {@code @}); the composer writes them to the To
   * header as they are and hands them to the transport as the envelope recipient.
   */
  @ParameterizedTest
  @ValueSource(strings = {"taro..hanako@docomo.ne.jp", "taro.@ezweb.ne.jp", "a...b.@docomo.ne.jp"})
  void addressesOldStyleJapaneseMobileAddressesAsTheyAre(String recipient) throws Exception {
    MimeMessage message =
        composer.compose(
            session, SAMPLE, recipient, MailForm.MOBILE, MailCharset.ISO_2022_JP, MESSAGE_ID);

    assertThat(message.getAllRecipients())
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly(recipient);
    assertThat(RawMessage.of(message).header("To")).isEqualTo(recipient);
  }

  @ParameterizedTest
  @ValueSource(strings = {".taro@docomo.ne.jp", "taro..hanako@docomo..ne.jp", "taro. @ezweb.ne.jp"})
  void relaxesNothingButThoseDots(String recipient) {
    assertThatThrownBy(
            () ->
                composer.compose(
                    session, SAMPLE, recipient, MailForm.PC, MailCharset.UTF_8, MESSAGE_ID))
        .isInstanceOf(AddressException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "taro",
        "Taro <taro@example.jp>",
        "a@example.jp, b@example.jp",
        "taro@exa mple.jp",
        "taro@example.jp\r\nBcc: x@y.jp"
      })
  void refusesWhatIsNotOneBareAddress(String recipient) {
    assertThatThrownBy(
            () ->
                composer.compose(
                    session, SAMPLE, recipient, MailForm.PC, MailCharset.UTF_8, MESSAGE_ID))
        .isInstanceOf(AddressException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "<call-1@callmail.example>", "call-1", "call 1@callmail.example", "a@b@c"})
  void refusesMalformedMessageId(String messageId) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                composer.compose(
                    session, SAMPLE, RECIPIENT, MailForm.PC, MailCharset.UTF_8, messageId))
        .withMessageStartingWith("messageId must be id-left@id-right without angle brackets");
  }

  private static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }
}
