package jp.callmail.application;

import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.PhoneNumbers;

/**
 * Phone numbers as users type them: full-width digits, hyphens and spaces are accepted ({@link
 * PhoneNumbers}).
 */
final class Numbers {

  private Numbers() {}

  static String line(String typed) {
    if (typed == null || typed.isBlank()) {
      throw new RuleViolation("number", "required", "Enter the line's phone number");
    }
    return PhoneNumbers.normalise(typed);
  }
}
