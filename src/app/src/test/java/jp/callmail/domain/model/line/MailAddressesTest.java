package jp.callmail.domain.model.line;

import static org.assertj.core.api.Assertions.assertThat;

import jp.callmail.domain.model.RuleViolation;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The addresses a subscriber can register, old-style Japanese mobile addresses included. */
class MailAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "taro@example.jp",
        "taro.yamada@docomo.ne.jp",
        "t-a_r+o@sub.example.co.jp",
        "O'Brien@example.com"
      })
  void takesOrdinaryAddresses(String address) {
    assertThat(MailAddresses.isValid(address)).isTrue();
    assertThat(MailAddresses.isOldStyleMobile(address)).isFalse();
    assertThat(new RecipientSpec(address, true, null, null).validated("a").address())
        .isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "taro..hanako@docomo.ne.jp",
        "taro.@ezweb.ne.jp",
        "taro...@docomo.ne.jp",
        "a..b..c.@ezweb.ne.jp",
        "Taro.@EZweb.ne.jp"
      })
  void takesOldStyleMobileAddresses(String address) {
    assertThat(MailAddresses.isValid(address)).isTrue();
    assertThat(MailAddresses.isOldStyleMobile(address)).isTrue();
    assertThat(new RecipientSpec(address, true, null, null).validated("a").address())
        .isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "taro",
        "taro@",
        "@docomo.ne.jp",
        ".taro@docomo.ne.jp",
        "..taro@docomo.ne.jp",
        ".@docomo.ne.jp",
        "taro hanako@docomo.ne.jp",
        "taro. @ezweb.ne.jp",
        "taro..hanako@docomo",
        "taro..hanako@docomo..ne.jp",
        "taro.@-ezweb.ne.jp",
        "taro.@ezweb.ne.jp.",
        "taro@@docomo.ne.jp",
        "taro..@hanako@docomo.ne.jp",
        "\"taro..hanako\"@docomo.ne.jp",
        "Taro <taro.@ezweb.ne.jp>",
        "taro.,x@ezweb.ne.jp",
        "tarö..@docomo.ne.jp",
        "taro..hanako@docomo.ne.jp\r\nBcc: x@y.jp"
      })
  void refusesEverythingElse(String address) {
    assertThat(MailAddresses.isValid(address)).isFalse();
    assertThat(MailAddresses.isOldStyleMobile(address)).isFalse();
    Assertions.assertThatThrownBy(
            () -> new RecipientSpec(address, true, null, null).validated("recipients[0].address"))
        .isInstanceOf(RuleViolation.class)
        .satisfies(
            e -> {
              RuleViolation v = (RuleViolation) e;
              assertThat(v.field()).isEqualTo("recipients[0].address");
              assertThat(v.rule()).isIn("mail-address", "required");
            });
  }

  @org.junit.jupiter.api.Test
  void keepsTheLengthLimits() {
    String local = "a.".repeat(32) + "@docomo.ne.jp"; // 64-character local part ending in a dot
    assertThat(MailAddresses.isValid(local)).isTrue();
    assertThat(MailAddresses.isValid("a" + local)).isFalse();
    String longDomain = "taro.@" + "a".repeat(60) + "." + "b".repeat(60) + ".ne.jp";
    assertThat(MailAddresses.isValid(longDomain)).isTrue();
    assertThat(MailAddresses.isValid("taro.@" + ("a".repeat(60) + ".").repeat(5) + "jp")).isFalse();
  }
}
