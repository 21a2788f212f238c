package jp.callmail.domain.model.line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jp.callmail.domain.model.DuplicateEntry;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.RuleViolations;

/**
 * The checks of a whole list of slots (5 addresses, 30 designated numbers): each slot's own rule,
 * and no entry twice, since every call would then mail the same mailbox twice. Addresses compare
 * case-insensitively (mail providers treat {@code Taro@Example.jp} and {@code taro@example.jp} as
 * one mailbox); numbers after normalisation ({@code 06-1234-5678} is {@code 0612345678}). Every
 * problem is reported at once ({@link RuleViolations}).
 */
final class SlotChecks {

  private SlotChecks() {}

  static List<RecipientSpec> recipients(List<RecipientSpec> specs) {
    return check(
        specs,
        "recipients",
        "address",
        (s, field) -> s.validated(field),
        s -> s.address().toLowerCase(Locale.ROOT),
        "duplicate-address",
        "mail address");
  }

  static List<DesignatedCallerSpec> designatedCallers(List<DesignatedCallerSpec> specs) {
    return check(
        specs,
        "designatedCallers",
        "number",
        (s, field) -> s.validated(field),
        DesignatedCallerSpec::number,
        "duplicate-number",
        "phone number");
  }

  private interface Validator<S> {
    S validated(S spec, String field);
  }

  private static <S> List<S> check(
      List<S> specs,
      String list,
      String part,
      Validator<S> validator,
      Function<S, String> key,
      String rule,
      String what) {
    List<RuleViolation> problems = new ArrayList<>();
    List<S> valid = new ArrayList<>();
    Map<String, Integer> firstSlot = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      String field = list + "[" + i + "]." + part;
      try {
        S spec = validator.validated(specs.get(i), field);
        valid.add(spec);
        Integer first = firstSlot.putIfAbsent(key.apply(spec), i);
        if (first != null) {
          problems.add(
              new DuplicateEntry(
                  field,
                  list + "[" + first + "]." + part,
                  rule,
                  "Entries "
                      + (first + 1)
                      + " and "
                      + (i + 1)
                      + " are the same "
                      + what
                      + "; each call would be mailed twice ("
                      + (first + 1)
                      + "件目と"
                      + (i + 1)
                      + "件目が同じです)"));
        }
      } catch (RuleViolation v) {
        problems.add(v);
      }
    }
    RuleViolations.throwIfAny(problems);
    return valid;
  }
}
