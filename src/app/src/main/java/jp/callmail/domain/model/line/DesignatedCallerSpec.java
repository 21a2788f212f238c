package jp.callmail.domain.model.line;

import java.util.regex.Pattern;
import jp.callmail.domain.model.RuleViolation;

/**
 * A designated caller as a user enters it: full-width digits, hyphens and spaces are accepted and
 * normalised ({@link PhoneNumbers}), anything else must be a digit.
 *
 * @param number the caller number, digits only once normalised
 * @param enabled the 設定する check box
 */
public record DesignatedCallerSpec(String number, boolean enabled) {

  private static final Pattern DIGITS = Pattern.compile("\\d{3,20}");

  public DesignatedCallerSpec {
    number = PhoneNumbers.normalise(number);
  }

  public DesignatedCallerSpec validated(String field) {
    if (number.isEmpty()) {
      throw new RuleViolation(field, "required", "Enter a phone number (電話番号を入力してください)");
    }
    if (!DIGITS.matcher(number).matches()) {
      throw new RuleViolation(
          field,
          "digits-only",
          "A phone number is 3-20 digits; only hyphens may separate them (電話番号は数字とハイフンで入力してください)");
    }
    return this;
  }
}
