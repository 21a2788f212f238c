package jp.callmail.domain.model.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import jp.callmail.domain.model.DuplicateEntry;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.RuleViolations;
import jp.callmail.domain.model.contract.Contract;
import org.junit.jupiter.api.Test;

/** Numbers as people type them, and lists that would mail one mailbox twice (issue 14). */
class SlotRulesTest {

  private final ServiceLine line =
      new ServiceLine(new Contract("C-1", "テスト"), "0312345678", null, ZoneId.of("Asia/Tokyo"));

  @Test
  void fullWidthDigitsHyphensAndSpacesBecomeAsciiDigits() {
    assertThat(PhoneNumbers.normalise("０６－１２３４－５６７８")).isEqualTo("0612345678");
    assertThat(PhoneNumbers.normalise(" 06 1234\u30005678 ")).isEqualTo("0612345678");
    assertThat(PhoneNumbers.normalise("06‐1234−5678")).isEqualTo("0612345678");
    assertThat(PhoneNumbers.normalise("03-12ab")).isEqualTo("0312ab");
    assertThat(PhoneNumbers.normalise(null)).isEmpty();
    assertThat(new DesignatedCallerSpec("０６　１２３４　５６７８", true).number()).isEqualTo("0612345678");
  }

  @Test
  void theSameAddressInTwoSlotsIsRefusedCaseInsensitivelyNamingBothSlots() {
    RecipientSpec first =
        new RecipientSpec("Taro@Example.jp", true, MailForm.PC, MailCharset.UTF_8);
    RecipientSpec other =
        new RecipientSpec("hanako@example.jp", true, MailForm.PC, MailCharset.UTF_8);
    RecipientSpec again =
        new RecipientSpec("taro@example.JP", false, MailForm.MOBILE, MailCharset.ISO_2022_JP);
    assertThatThrownBy(() -> line.replaceRecipients(List.of(first, other, again)))
        .isInstanceOfSatisfying(
            DuplicateEntry.class,
            d -> {
              assertThat(d.field()).isEqualTo("recipients[2].address");
              assertThat(d.firstField()).isEqualTo("recipients[0].address");
              assertThat(d.rule()).isEqualTo("duplicate-address");
            });
    assertThat(line.getRecipients()).isEmpty();
  }

  @Test
  void numbersThatNormaliseAlikeAreDuplicates() {
    assertThatThrownBy(
            () ->
                line.replaceDesignatedCallers(
                    List.of(
                        new DesignatedCallerSpec("0612345678", true),
                        new DesignatedCallerSpec("06-1234-5678", true))))
        .isInstanceOfSatisfying(
            DuplicateEntry.class,
            d -> {
              assertThat(d.field()).isEqualTo("designatedCallers[1].number");
              assertThat(d.firstField()).isEqualTo("designatedCallers[0].number");
            });
    line.replaceDesignatedCallers(
        List.of(
            new DesignatedCallerSpec("０６１２３４５６７８", true),
            new DesignatedCallerSpec("0612345679", false)));
    assertThat(line.getDesignatedCallers())
        .extracting(DesignatedCaller::getNumber)
        .containsExactly("0612345678", "0612345679");
  }

  @Test
  void everyWrongRowIsReportedAtOnce() {
    RecipientSpec bad1 = new RecipientSpec("not-an-address", true, null, null);
    RecipientSpec good = new RecipientSpec("a@example.jp", true, null, null);
    RecipientSpec bad2 = new RecipientSpec("b@", true, null, null);
    RecipientSpec dup = new RecipientSpec("A@example.jp", true, null, null);
    try {
      line.replaceRecipients(List.of(bad1, good, bad2, dup));
      throw new AssertionError("refused");
    } catch (RuleViolation v) {
      assertThat(RuleViolations.all(v))
          .extracting(RuleViolation::field)
          .containsExactly(
              "recipients[0].address", "recipients[2].address", "recipients[3].address");
      assertThat(RuleViolations.all(v))
          .extracting(RuleViolation::rule)
          .containsExactly("mail-address", "mail-address", "duplicate-address");
    }
  }
}
