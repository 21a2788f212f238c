package jp.callmail.application;

import jp.callmail.domain.model.RuleViolation;

/** Phone numbers as users type them: hyphens and spaces are accepted and removed. */
final class Numbers {

  private Numbers() {}

  static String line(String typed) {
    if (typed == null || typed.isBlank()) {
      throw new RuleViolation("number", "required", "Enter the line's phone number");
    }
    return typed.strip().replace("-", "").replace(" ", "");
  }
}
