package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailSettingsTest {

  private static final String NAME = "コールメール";
  private static final String URL = "https://portal.callmail.example/";
  private static final String SENDER = "noreply@callmail.example";
  private static final String SUBJECT = "着信お知らせメール";

  @Test
  void acceptsPlainAndNamedSender() {
    assertThat(new MailSettings(NAME, URL, SENDER, SUBJECT).sender().getAddress())
        .isEqualTo(SENDER);
    MailSettings named = new MailSettings(NAME, URL, "着信お知らせ <noreply@callmail.example>", SUBJECT);
    assertThat(named.sender().getAddress()).isEqualTo(SENDER);
    assertThat(named.sender().getPersonal()).isEqualTo("着信お知らせ");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "\t"})
  void refusesBlankValuesNamingTheSetting(String blank) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(blank, URL, SENDER, SUBJECT))
        .withMessage("Mail setting serviceName must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, blank, SENDER, SUBJECT))
        .withMessage("Mail setting portalUrl must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, URL, blank, SUBJECT))
        .withMessage("Mail setting senderAddress must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, URL, SENDER, blank))
        .withMessage("Mail setting subject must not be blank");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "noreply",
        "noreply@",
        "a@b.example, c@d.example",
        "no reply@callmail.example",
        "<a@b"
      })
  void refusesInvalidSender(String sender) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, URL, sender, SUBJECT))
        .withMessageStartingWith(
            "Mail setting senderAddress is not a valid mail address: " + sender);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "portal.callmail.example",
        "/settings",
        "ftp://portal.callmail.example/",
        "https:///x",
        "http://a b/"
      })
  void refusesPortalUrlThatIsNotAbsoluteHttp(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, url, SENDER, SUBJECT))
        .withMessageStartingWith("Mail setting portalUrl ");
  }

  @Test
  void refusesLineBreaks() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(NAME, URL, SENDER, "件名\r\nBcc: x@y.example"))
        .withMessage("Mail setting subject must be one line: 件名\r\nBcc: x@y.example");
  }

  /** Mobile recipients get ISO-2022-JP (JIS X 0208): these would arrive as '?'. */
  @ParameterizedTest
  @ValueSource(strings = {"①番窓口", "髙橋商店", "お問合せ～", "😀"})
  void refusesCharactersIso2022JpCannotCarry(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MailSettings(name, URL, SENDER, SUBJECT))
        .withMessage(
            "Mail setting serviceName has characters that ISO-2022-JP cannot carry: " + name);
  }
}
