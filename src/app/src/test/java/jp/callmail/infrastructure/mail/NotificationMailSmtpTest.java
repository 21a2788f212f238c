package jp.callmail.infrastructure.mail;

import static jp.callmail.infrastructure.mail.MailFixtures.CLOCK;
import static jp.callmail.infrastructure.mail.MailFixtures.SAMPLE;
import static jp.callmail.infrastructure.mail.MailFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trip through a real SMTP server on loopback: what a recipient's client decodes. */
class NotificationMailSmtpTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final NotificationMailComposer composer = new NotificationMailComposer(SETTINGS, CLOCK);

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void noticeArrivesIntact(MailCharset charset) throws Exception {
    for (MailForm form : MailForm.values()) {
      String recipient = form.name().toLowerCase() + "@example.jp";
      Transport.send(
          composer.compose(
              session(), SAMPLE, recipient, form, charset, form + "-1@callmail.example"));
    }

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    for (MimeMessage message : received) {
      boolean pc = message.getMessageID().equals("<PC-1@callmail.example>");
      String body =
          pc ? NotificationMailComposerTest.PC_BODY : NotificationMailComposerTest.MOBILE_BODY;
      assertThat(message.getSubject()).isEqualTo("着信お知らせメール");
      assertThat(message.getContentType()).isEqualTo("text/plain; charset=" + charset.mimeName());
      assertThat(message.getEncoding()).isEqualTo(charset == MailCharset.UTF_8 ? "base64" : "7bit");
      assertThat(message.getContent()).isEqualTo(body.replace("\n", "\r\n"));
    }
  }

  @ParameterizedTest
  @EnumSource(MailCharset.class)
  void testMailArrivesIntact(MailCharset charset) throws Exception {
    Transport.send(
        composer.composeTest(
            session(), "hanako@docomo.ne.jp", MailForm.MOBILE, charset, "t-1@callmail.example"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("【テスト】着信お知らせメール");
    assertThat(received[0].getMessageID()).isEqualTo("<t-1@callmail.example>");
    assertThat(received[0].getContent())
        .isEqualTo(NotificationMailComposerTest.TEST_BODY.replace("\n", "\r\n"));
  }

  /** An old-style mobile address is the envelope recipient as it is, and the mail arrives. */
  @ParameterizedTest
  @ValueSource(strings = {"taro..hanako@docomo.ne.jp", "taro.@ezweb.ne.jp"})
  void oldStyleMobileAddressReceivesItsMail(String recipient) throws Exception {
    Transport.send(
        composer.composeTest(
            session(),
            recipient,
            MailForm.MOBILE,
            MailCharset.ISO_2022_JP,
            "t-2@callmail.example"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(SMTP.getUserManager().getUserByEmail(recipient))
        .as("the mailbox of the RCPT TO address")
        .isNotNull();
    assertThat(received[0].getHeader("To", ",")).isEqualTo(recipient);
    assertThat(received[0].getSubject()).isEqualTo("【テスト】着信お知らせメール");
    assertThat(received[0].getContent())
        .isEqualTo(NotificationMailComposerTest.TEST_BODY.replace("\n", "\r\n"));
  }

  private static Session session() {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(SMTP.getSmtp().getPort()));
    p.setProperty("mail.smtp.connectiontimeout", "5000");
    p.setProperty("mail.smtp.timeout", "5000");
    return Session.getInstance(p);
  }
}
