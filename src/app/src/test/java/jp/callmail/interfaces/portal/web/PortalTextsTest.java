package jp.callmail.interfaces.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the portal derives from configuration for its notes: the sender's domain, the IVR number.
 */
class PortalTextsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "noreply@example.jp|example.jp",
        "\"callmail\" <noreply@example.jp>|example.jp",
        "callmail <noreply@mail.example.jp>|mail.example.jp",
        "着信お知らせ <noreply@example.jp>|example.jp",
        "\"info@other.example\" <noreply@example.jp>|example.jp",
        "noreply@example.jp (callmail@other.example)|example.jp",
        "  <noreply@hikari.msd.isp.example.co.jp>  |hikari.msd.isp.example.co.jp"
      })
  void senderDomainIsTheAddressesDomain(String sender, String domain) {
    assertThat(RecipientsView.senderDomain(sender)).isEqualTo(domain);
  }

  @ParameterizedTest
  @CsvSource({
    "0722427142,072-242-7142",
    "0312345678,03-1234-5678",
    "0612345678,06-1234-5678",
    "0451234567,045-123-4567",
    "09012345678,090-1234-5678",
    "05012345678,050-1234-5678",
    "0120123456,0120-123-456",
    "0570123456,0570-123-456",
    "08001234567,0800-123-4567",
    "1234,1234",
    "01234567890,01234567890"
  })
  void ivrNumberIsWrittenAsTheGuideWritesIt(String digits, String written) {
    assertThat(IvrGuide.hyphenated(digits)).isEqualTo(written);
  }
}
