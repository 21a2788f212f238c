package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §3 発信者通知番号: every spelling of a number becomes national digits without hyphens. */
class NumberNormalizerTest {

  @Nested
  @DisplayName("Japanese numbers become national form")
  class JapaneseNumbers {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            # input                                          | national form
            +81612345678                                     | 0612345678
            tel:+81612345678                                 | 0612345678
            tel:+81-6-1234-5678                              | 0612345678
            TEL:+81-6-1234-5678                              | 0612345678
            tel:+81.6.1234.5678                              | 0612345678
            tel:0312345678;phone-context=+81                 | 0312345678
            tel:0312345678;phone-context=example.ne.jp       | 0312345678
            sip:+81612345678@host;user=phone                 | 0612345678
            sip:+81612345678@ims.example.ne.jp:5060;user=phone | 0612345678
            sip:0612345678@host                              | 0612345678
            sip:0612345678@192.0.2.10:5060;transport=udp     | 0612345678
            SIP:0612345678@host                              | 0612345678
            sips:+81612345678@host;user=phone                | 0612345678
            <sip:+81612345678@host;user=phone>               | 0612345678
            <tel:+81-6-1234-5678>                            | 0612345678
            '  <sip:0612345678@host>  '                      | 0612345678
            06-1234-5678                                     | 0612345678
            '(03) 1234.5678'                                 | 0312345678
            '03 1234 5678'                                   | 0312345678
            09012345678                                      | 09012345678
            0120-123-456                                     | 0120123456
            %2B81312345678                                   | 0312345678
            %2b81312345678                                   | 0312345678
            sip:%2B81312345678@host;user=phone               | 0312345678
            tel:%2B81-3-1234-5678                            | 0312345678
            """)
    void normalises(String input, String expected) {
      assertThat(NumberNormalizer.toNational(input)).contains(expected);
    }
  }

  @Nested
  @DisplayName("parameters of the user part are not part of the number")
  class UserPartParameters {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            sip:+81612345678;cpc=payphone@host;user=phone    | 0612345678
            sip:0612345678;cpc=payphone@host                 | 0612345678
            tel:+81612345678;cpc=payphone                    | 0612345678
            tel:+81-6-1234-5678;cpc=ordinary;phone-context=+81 | 0612345678
            <sip:+81612345678;cpc=payphone@host;user=phone>  | 0612345678
            """)
    void areIgnored(String input, String expected) {
      assertThat(NumberNormalizer.toNational(input)).contains(expected);
    }
  }

  @Nested
  @DisplayName("foreign numbers keep their country code behind the 010 international prefix")
  class ForeignNumbers {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            +14155550100                                     | 01014155550100
            tel:+1-415-555-0100                              | 01014155550100
            sip:+14155550100@host;user=phone                 | 01014155550100
            +442079460000                                    | 010442079460000
            +8613800138000                                   | 0108613800138000
            +8221234567                                      | 0108221234567
            """)
    void keepCountryCode(String input, String expected) {
      assertThat(NumberNormalizer.toNational(input)).contains(expected);
    }
  }

  @Nested
  @DisplayName("values that are not telephone numbers yield nothing")
  class NotNumbers {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "   ",
          "sip:alice@example.com",
          "sip:anonymous@anonymous.invalid",
          "<sip:anonymous@anonymous.invalid>",
          "sips:anonymous@anonymous.invalid",
          "sip:host-only",
          "sip:192.0.2.10:5060",
          "sip:0612345678.example.com",
          "mailto:x",
          "mailto:0612345678@example.com",
          "http://example.com/0612345678",
          "urn:service:sos",
          "tel:",
          "tel:anonymous",
          "anonymous",
          "Anonymous",
          "06-1234-567X",
          "0612345678#",
          "06１２３４５６７８",
          "%",
          "%zz",
          "sip:@host",
          "+",
          "tel:+",
          "sip:+@host;user=phone",
          "+81",
          "tel:+81-",
          "++81612345678"
        })
    void yieldNothing(String input) {
      assertThat(NumberNormalizer.toNational(input)).isEmpty();
    }
  }
}
