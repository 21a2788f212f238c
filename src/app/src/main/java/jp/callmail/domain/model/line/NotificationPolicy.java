package jp.callmail.domain.model.line;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service line's mail conditions, reduced to what {@code domain.service.NotificationRules} needs
 * (SPEC §4).
 *
 * <p>This is a plain value rather than the line entity so that the rules stay a pure function that
 * can be tested over every combination, and so that the caller decides once, in its own
 * transaction, which settings are in force for a call.
 *
 * @param started 開始 ({@code true}) or 停止 ({@code false})
 * @param designatedCallersOnly 「発信電話番号指定通知機能を利用する」 is checked: notify only calls from {@code
 *     designatedNumbers}
 * @param unansweredOnly 「電話を受けられなかった場合に着信お知らせメールを送信する」 is checked: notify only calls that were not
 *     answered (応答なし and 転送)
 * @param designatedNumbers the 発信電話番号指定 entries whose 「設定する」 box is checked, in national form,
 *     digits only; entries whose box is unchecked must be left out. {@code null} means none.
 */
public record NotificationPolicy(
    boolean started,
    boolean designatedCallersOnly,
    boolean unansweredOnly,
    Set<String> designatedNumbers) {

  /** 発信電話番号指定: at most 30 caller numbers per line (SPEC §4). */
  public static final int MAX_DESIGNATED_NUMBERS = 30;

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /**
   * Checks the designated numbers and keeps an unmodifiable copy of them.
   *
   * @throws IllegalArgumentException if an entry is not digits only, or there are more than {@value
   *     #MAX_DESIGNATED_NUMBERS}
   */
  public NotificationPolicy {
    if (designatedNumbers == null) {
      designatedNumbers = Set.of();
    }
    for (String number : designatedNumbers) {
      if (number == null || !DIGITS.matcher(number).matches()) {
        throw new IllegalArgumentException(
            "A designated caller number must be digits only, without hyphens: " + number);
      }
    }
    if (designatedNumbers.size() > MAX_DESIGNATED_NUMBERS) {
      throw new IllegalArgumentException(
          "At most "
              + MAX_DESIGNATED_NUMBERS
              + " designated caller numbers are allowed, got "
              + designatedNumbers.size());
    }
    designatedNumbers = Set.copyOf(designatedNumbers);
  }

  /**
   * Whether a shown caller number is one of the designated numbers. Withheld callers are handled by
   * {@code domain.service.NotificationRules}, since their number is empty.
   */
  public boolean isDesignated(String callerNumber) {
    Objects.requireNonNull(callerNumber, "callerNumber");
    return designatedNumbers.contains(callerNumber);
  }
}
