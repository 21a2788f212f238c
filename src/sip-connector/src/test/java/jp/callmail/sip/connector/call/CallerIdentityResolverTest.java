package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import jp.callmail.sip.api.WithheldReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §3 発信者通知番号 and 非通知理由: the caller number comes from the trusted P-Asserted-Identity, else
 * From; a withheld caller gets exactly one reason and never a number.
 */
class CallerIdentityResolverTest {

  private static final String ANONYMOUS_URI = "sip:anonymous@anonymous.invalid";
  private static final Party NUMBERED_FROM =
      new Party(null, "sip:+81612345678@ims.example.ne.jp;user=phone");
  private static final Party NUMBERED_PAI = new Party(null, "tel:+81312345678");
  private static final List<String> NO_PRIVACY = List.of();

  private static CallerIdentity resolve(Party from, Party asserted, String... privacy) {
    return CallerIdentityResolver.resolve(from, asserted, Arrays.asList(privacy));
  }

  private static void assertWithheld(CallerIdentity identity, WithheldReason reason) {
    assertThat(identity.withheldReason()).isEqualTo(reason);
    assertThat(identity.number()).as("number of a withheld caller").isEmpty();
  }

  private static void assertShown(CallerIdentity identity, String number) {
    assertThat(identity.withheldReason()).isEqualTo(WithheldReason.NONE);
    assertThat(identity.number()).isEqualTo(number);
  }

  @Nested
  @DisplayName("display names set by the network (TTC) name the reason")
  class DisplayNames {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            Anonymous                      | PRIVACY
            anonymous                      | PRIVACY
            ANONYMOUS                      | PRIVACY
            Coin line/payphone             | PAYPHONE
            coin line/payphone             | PAYPHONE
            COIN LINE/PAYPHONE             | PAYPHONE
            Interaction with other service | UNAVAILABLE
            interaction with other service | UNAVAILABLE
            Unavailable                    | UNAVAILABLE
            UNAVAILABLE                    | UNAVAILABLE
            unknown                        | UNAVAILABLE
            Unknown                        | UNAVAILABLE
            UNKNOWN                        | UNAVAILABLE
            """)
    void onAnAnonymousFrom(String display, WithheldReason reason) {
      assertWithheld(resolve(new Party(display, ANONYMOUS_URI), null), reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            Anonymous                      | PRIVACY
            Coin line/payphone             | PAYPHONE
            Interaction with other service | UNAVAILABLE
            Unavailable                    | UNAVAILABLE
            unknown                        | UNAVAILABLE
            """)
    void hideANumberInFromEvenWithoutPrivacyHeader(String display, WithheldReason reason) {
      assertWithheld(resolve(new Party(display, "sip:0612345678@host"), null, "none"), reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            Anonymous                      | PRIVACY
            Coin line/payphone             | PAYPHONE
            Interaction with other service | UNAVAILABLE
            Unavailable                    | UNAVAILABLE
            unknown                        | UNAVAILABLE
            """)
    void hideANumberInTheTrustedAssertedIdentity(String display, WithheldReason reason) {
      assertWithheld(resolve(NUMBERED_FROM, new Party(display, "tel:+81312345678")), reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"  Anonymous  ", " Coin line/payphone", "Unavailable "})
    void areMatchedAfterTrimming(String display) {
      assertThat(
              resolve(new Party(display, "sip:0612345678@host"), null)
                  .withheldReason()
                  .isWithheld())
          .isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"Yamada Taro", "山田太郎", "Anonymous Inc.", "Payphone", "", "0612345678"})
    void otherDisplayNamesDoNotHideTheNumber(String display) {
      assertShown(
          resolve(new Party(display, "sip:+81612345678@host;user=phone"), null), "0612345678");
    }
  }

  @Nested
  @DisplayName("calling party category cpc=payphone means 公衆")
  class PayphoneCategory {

    @ParameterizedTest(name = "[{index}] From {0}")
    @ValueSource(
        strings = {
          "sip:+81612345678;cpc=payphone@host;user=phone",
          "sip:0612345678;cpc=payphone@host",
          "<sip:+81612345678;cpc=payphone@host;user=phone>",
          "tel:+81612345678;cpc=payphone",
          "tel:+81-6-1234-5678;cpc=payphone;phone-context=+81",
          "tel:+81612345678;CPC=PayPhone"
        })
    void inFrom(String fromUri) {
      assertWithheld(resolve(new Party(null, fromUri), null), WithheldReason.PAYPHONE);
    }

    @ParameterizedTest(name = "[{index}] PAI {0}")
    @ValueSource(
        strings = {
          "sip:+81612345678;cpc=payphone@host;user=phone",
          "tel:+81612345678;cpc=payphone",
          "TEL:+81612345678;cpc=PAYPHONE"
        })
    void inTheTrustedAssertedIdentity(String paiUri) {
      assertWithheld(resolve(NUMBERED_FROM, new Party(null, paiUri)), WithheldReason.PAYPHONE);
    }

    @Test
    void inFromWhileTheAssertedIdentityIsPlain() {
      Party from = new Party(null, "tel:+81612345678;cpc=payphone");
      assertWithheld(resolve(from, NUMBERED_PAI), WithheldReason.PAYPHONE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {"tel:+81612345678;cpc=ordinary", "sip:+81612345678;cpc=test@host;user=phone"})
    void otherCategoriesShowTheNumber(String uri) {
      assertShown(resolve(new Party(null, uri), null), "0612345678");
    }

    @Test
    void winsOverAPrivacyRequest() {
      assertWithheld(
          resolve(new Party(null, "tel:+81612345678;cpc=payphone"), null, "id"),
          WithheldReason.PAYPHONE);
    }
  }

  @Nested
  @DisplayName("Privacy header (RFC 3323)")
  class PrivacyHeader {

    @ParameterizedTest(name = "[{index}] Privacy: {0}")
    @ValueSource(
        strings = {
          "id",
          "user",
          "header",
          "id;user",
          "user;id",
          "header;critical",
          "ID",
          " id ",
          "id, user"
        })
    void hidesTheNumberEvenWhenTheAssertedIdentityCarriesOne(String privacy) {
      assertWithheld(resolve(NUMBERED_FROM, NUMBERED_PAI, privacy), WithheldReason.PRIVACY);
    }

    @ParameterizedTest(name = "[{index}] Privacy: {0}")
    @ValueSource(strings = {"id", "user", "header", "id;user"})
    void hidesANumberInFrom(String privacy) {
      assertWithheld(resolve(NUMBERED_FROM, null, privacy), WithheldReason.PRIVACY);
    }

    @Test
    void isReadFromEveryPrivacyHeader() {
      assertWithheld(resolve(NUMBERED_FROM, NUMBERED_PAI, "none", "id"), WithheldReason.PRIVACY);
    }

    @ParameterizedTest(name = "[{index}] Privacy: {0}")
    @ValueSource(strings = {"none", "NONE", "critical", "session"})
    void valuesThatDoNotHideTheIdentityShowTheNumber(String privacy) {
      assertShown(resolve(NUMBERED_FROM, NUMBERED_PAI, privacy), "0312345678");
    }

    @Test
    void absentShowsTheNumber() {
      assertShown(
          CallerIdentityResolver.resolve(NUMBERED_FROM, NUMBERED_PAI, NO_PRIVACY), "0312345678");
    }

    @ParameterizedTest(name = "[{index}] Privacy: {0}")
    @ValueSource(strings = {"identity", "ids", "userid"})
    void valuesAreMatchedWholeNotByPrefix(String privacy) {
      assertShown(resolve(NUMBERED_FROM, null, privacy), "0612345678");
    }
  }

  @Nested
  @DisplayName("anonymous URI")
  class AnonymousUri {

    @ParameterizedTest(name = "[{index}] From {0}")
    @ValueSource(
        strings = {
          ANONYMOUS_URI,
          "<sip:anonymous@anonymous.invalid>",
          "sips:anonymous@anonymous.invalid",
          "SIP:Anonymous@Anonymous.Invalid",
          "sip:anonymous@ims.example.ne.jp",
          "sip:anonymous@anonymous.invalid;transport=udp"
        })
    void withNoDisplayNameIsPrivacy(String fromUri) {
      assertWithheld(resolve(new Party(null, fromUri), null), WithheldReason.PRIVACY);
    }

    @Test
    void inTheTrustedAssertedIdentityIsPrivacy() {
      assertWithheld(
          resolve(NUMBERED_FROM, new Party(null, ANONYMOUS_URI)), WithheldReason.PRIVACY);
    }

    /**
     * The caller asked for privacy by putting an anonymous URI in From (SPEC §3): a number the
     * network asserts must not be disclosed because a Privacy header is missing.
     */
    @Test
    void inFromHidesTheAssertedNumberEvenWithoutPrivacyHeader() {
      assertWithheld(resolve(new Party(null, ANONYMOUS_URI), NUMBERED_PAI), WithheldReason.PRIVACY);
    }

    @Test
    void withTheAnonymousDisplayAndPrivacyIdAsJapaneseNetworksSendIt() {
      assertWithheld(
          resolve(new Party("Anonymous", ANONYMOUS_URI), new Party(null, "tel:+81612345678"), "id"),
          WithheldReason.PRIVACY);
    }
  }

  @Nested
  @DisplayName("a shown number")
  class ShownNumber {

    @ParameterizedTest(name = "[{index}] From {0} -> {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            sip:+81612345678@host;user=phone          | 0612345678
            <sip:+81612345678@host;user=phone>        | 0612345678
            sip:0612345678@192.0.2.1:5060             | 0612345678
            sips:+81612345678@host;user=phone         | 0612345678
            tel:+81-6-1234-5678                       | 0612345678
            tel:0312345678;phone-context=+81          | 0312345678
            sip:%2B81312345678@host;user=phone        | 0312345678
            sip:+14155550100@host;user=phone          | 01014155550100
            """)
    void fromFromWhenThereIsNoAssertedIdentity(String fromUri, String expected) {
      assertShown(resolve(new Party(null, fromUri), null), expected);
    }

    @ParameterizedTest(name = "[{index}] From {0}, PAI {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            sip:+81612345678@host;user=phone  | tel:+81312345678                  | 0312345678
            sip:0612345678@host               | sip:+81312345678@host;user=phone  | 0312345678
            sip:alice@example.com             | tel:+81-3-1234-5678               | 0312345678
            sip:0612345678@host               | tel:+14155550100                  | 01014155550100
            """)
    void fromTheTrustedAssertedIdentityWhenItDiffersFromFrom(
        String fromUri, String paiUri, String expected) {
      assertShown(resolve(new Party(null, fromUri), new Party(null, paiUri)), expected);
    }

    @Test
    void withAPersonalDisplayNameInTheAssertedIdentity() {
      assertShown(resolve(NUMBERED_FROM, new Party("Yamada", "tel:+81312345678")), "0312345678");
    }
  }

  @Nested
  @DisplayName("unknown forms count as 非通知")
  class UnknownForms {

    @ParameterizedTest(name = "[{index}] From {0}")
    @ValueSource(
        strings = {
          "sip:alice@example.com",
          "sip:user123@example.com",
          "sip:0612345678abc@host",
          "sip:example.com",
          "tel:unknown",
          "urn:service:sos",
          ""
        })
    void fromWithoutAnyNumber(String fromUri) {
      assertWithheld(resolve(new Party(null, fromUri), null), WithheldReason.PRIVACY);
    }

    @Test
    void fromWithNullUri() {
      assertWithheld(resolve(new Party(null, null), null), WithheldReason.PRIVACY);
    }

    @Test
    void trustedAssertedIdentityWithoutANumberIsNotReplacedByFrom() {
      assertWithheld(
          resolve(NUMBERED_FROM, new Party(null, "sip:alice@example.com")), WithheldReason.PRIVACY);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"Restricted", "Private", "Withheld"})
    void unrecognisedDisplayNamesOnANonNumberAreStillPrivacy(String display) {
      assertWithheld(
          resolve(new Party(display, "sip:private@example.com"), null), WithheldReason.PRIVACY);
    }
  }

  @Nested
  @DisplayName("CallerIdentity record")
  class Record {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"PRIVACY", "PAYPHONE", "UNAVAILABLE"})
    void dropsTheNumberOfAWithheldCaller(WithheldReason reason) {
      assertThat(new CallerIdentity("0612345678", reason).number()).isEmpty();
    }

    @Test
    void keepsAShownNumber() {
      assertThat(CallerIdentity.shown("0612345678").number()).isEqualTo("0612345678");
    }
  }

  @org.junit.jupiter.api.Test
  void aNumberLongerThanAnyNumberingPlanIsNotAvailableAndNeverReachesTheCallLog() {
    assertWithheld(
        resolve(new Party(null, "sip:0612345678901234567890123@example.com"), null),
        WithheldReason.UNAVAILABLE);
    assertWithheld(
        resolve(new Party(null, "tel:+8161234567890123456789"), null), WithheldReason.UNAVAILABLE);
    assertShown(resolve(new Party(null, "tel:+81612345678901234"), null), "0612345678901234");
    assertWithheld(resolve(new Party(null, "sip:alice@example.com"), null), WithheldReason.PRIVACY);
  }
}
