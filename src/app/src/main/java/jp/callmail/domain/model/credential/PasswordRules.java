package jp.callmail.domain.model.credential;

import java.util.regex.Pattern;
import jp.callmail.domain.model.RuleViolation;

/** The password formats of SPEC §6 (temporary, set by phone) and §7 (the subscriber's own). */
public final class PasswordRules {

  private static final Pattern TEMPORARY = Pattern.compile("[0-9*]{8}");
  private static final Pattern REAL = Pattern.compile("[A-Za-z0-9]{4,8}");
  private static final Pattern DIGITS_ONLY = Pattern.compile("[0-9]+");

  private PasswordRules() {}

  /** 8 characters of digits and '*', at least one '*', not all '*'. */
  public static boolean isValidTemporary(String candidate) {
    return candidate != null
        && TEMPORARY.matcher(candidate).matches()
        && candidate.indexOf('*') >= 0
        && !candidate.chars().allMatch(c -> c == '*');
  }

  /** Checks a new real password, naming the rule it breaks. */
  public static void checkReal(String field, String candidate) {
    if (candidate == null || candidate.isEmpty()) {
      throw new RuleViolation(field, "required", "Enter a new password (新しいパスワードを入力してください)");
    }
    if (candidate.length() < 4 || candidate.length() > 8) {
      throw new RuleViolation(
          field, "password-length", "A password is 4 to 8 characters (パスワードは4～8文字で入力してください)");
    }
    if (!REAL.matcher(candidate).matches()) {
      throw new RuleViolation(
          field, "password-characters", "Use only ASCII letters and digits (パスワードは半角英数字で入力してください)");
    }
    if (DIGITS_ONLY.matcher(candidate).matches()) {
      throw new RuleViolation(
          field,
          "password-not-digits-only",
          "A password must contain a letter, not only digits (数字だけのパスワードは使えません)");
    }
  }
}
