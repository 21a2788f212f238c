package jp.callmail.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import jp.callmail.application.Views.ConditionsView;
import jp.callmail.application.Views.DesignatedCallerView;
import jp.callmail.application.Views.RecipientView;
import jp.callmail.application.Views.SettingsView;

/**
 * A settings change as an audit entry's detail: only the parts that changed, each "before → after",
 * in the words of the portal, so an operator answering "who turned my mail off?" reads Japanese
 * rather than a Java record's {@code toString()}.
 */
final class SettingsChange {

  private SettingsChange() {}

  /** The changed parts, or "" when nothing changed. */
  static String describe(SettingsView before, SettingsView after) {
    List<String> parts = new ArrayList<>();
    part(parts, "開始/停止", active(before.active()), active(after.active()));
    part(parts, "送信先メールアドレス", recipients(before.recipients()), recipients(after.recipients()));
    part(parts, "メール送信条件", conditions(before.conditions()), conditions(after.conditions()));
    part(
        parts,
        "発信電話番号指定",
        designated(before.designatedCallers()),
        designated(after.designatedCallers()));
    return String.join("; ", parts);
  }

  private static void part(List<String> parts, String name, String before, String after) {
    if (!Objects.equals(before, after)) {
      parts.add(name + ": " + before + " → " + after);
    }
  }

  static String active(Boolean active) {
    return Boolean.TRUE.equals(active) ? "開始" : "停止";
  }

  static String recipients(List<RecipientView> recipients) {
    if (recipients == null || recipients.isEmpty()) {
      return "なし";
    }
    return recipients.stream()
        .map(
            r ->
                r.address()
                    + "("
                    + (r.send() ? "送信する" : "送信しない")
                    + "・"
                    + ("MOBILE".equals(r.form()) ? "携帯電話" : "パソコン")
                    + "・"
                    + r.charset()
                    + ")")
        .collect(Collectors.joining("、"));
  }

  static String conditions(ConditionsView c) {
    if (c == null) {
      return "なし";
    }
    return "発信電話番号指定通知"
        + (c.designatedCallersOnly() ? "を利用する" : "を利用しない")
        + "、"
        + (c.unansweredOnly() ? "受けられなかった着信のみ" : "すべての着信");
  }

  static String designated(List<DesignatedCallerView> numbers) {
    if (numbers == null || numbers.isEmpty()) {
      return "なし";
    }
    return numbers.stream()
        .map(d -> d.number() + (d.enabled() ? "" : "(設定しない)"))
        .collect(Collectors.joining("、"));
  }
}
