package jp.callmail.interfaces.portal.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.callmail.application.DeliveryReadiness;
import jp.callmail.domain.model.DuplicateEntry;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.RuleViolations;

/**
 * Every outcome a subscriber sees is a FacesMessage in their language. A {@link RuleViolation}
 * becomes "field label: what the rule says", the label taken from {@code field.<name>} in the
 * bundle (list fields such as {@code recipients[2].address} from {@code field.recipients.address}
 * with the row number) and the text from {@code rule.<rule>}, else the domain's own message.
 */
final class Messages {

  private static final Pattern LIST_FIELD = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");

  private Messages() {}

  static ResourceBundle bundle() {
    FacesContext context = FacesContext.getCurrentInstance();
    return context.getApplication().getResourceBundle(context, "msg");
  }

  static String text(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle().getString(key);
    } catch (MissingResourceException e) {
      return null;
    }
    return args.length == 0 ? pattern : MessageFormat.format(pattern, args);
  }

  static void info(String key, Object... args) {
    add(FacesMessage.SEVERITY_INFO, text(key, args), null);
  }

  static void warn(String key, Object... args) {
    add(FacesMessage.SEVERITY_WARN, text(key, args), null);
  }

  static void error(String key, Object... args) {
    add(FacesMessage.SEVERITY_ERROR, text(key, args), null);
  }

  /** An input error: names the field (by its on-screen label) and the rule. */
  static void fieldError(String fieldLabel, String ruleKey, Object... args) {
    add(FacesMessage.SEVERITY_ERROR, fieldLabel, text(ruleKey, args));
  }

  static void violation(RuleViolation violation) {
    String rule = text("rule." + violation.rule());
    add(
        FacesMessage.SEVERITY_ERROR,
        label(violation.field()),
        rule != null ? rule : violation.getMessage());
  }

  /**
   * Every violation of a refused list (all rows at once), with indexes turned into the on-screen
   * rows they came from; a duplicate names the other slot too.
   *
   * @param rows for each sent entry, the index of the on-screen row it came from
   * @param mark called with each on-screen row index that is wrong, and what is wrong with it
   */
  static void violations(RuleViolation v, List<Integer> rows, BiConsumer<Integer, String> mark) {
    for (RuleViolation each : RuleViolations.all(v)) {
      RuleViolation onScreen = RowIndex.toScreenRows(each, rows);
      String rule;
      if (each instanceof DuplicateEntry dup) {
        RuleViolation first =
            RowIndex.toScreenRows(new RuleViolation(dup.firstField(), dup.rule(), ""), rows);
        rule = text("rule." + dup.rule(), RowIndex.row(first.field()) + 1);
      } else {
        rule = text("rule." + each.rule());
      }
      String why = rule != null ? rule : each.getMessage();
      add(FacesMessage.SEVERITY_ERROR, label(onScreen.field()), why);
      int row = RowIndex.row(onScreen.field());
      if (row >= 0) {
        mark.accept(row, why);
      }
    }
  }

  /** Warns, for each reason (DeliveryReadiness codes), that no call mail will be sent and why. */
  static void silent(List<String> reasons) {
    for (String reason : reasons) {
      if (!DeliveryReadiness.STOPPED.equals(reason)) {
        warn("silent." + reason);
      }
    }
  }

  /** The on-screen label of a domain field name. */
  static String label(String field) {
    Matcher m = LIST_FIELD.matcher(field == null ? "" : field);
    if (m.matches()) {
      String label =
          text("field." + m.group(1) + "." + m.group(3), Integer.parseInt(m.group(2)) + 1);
      if (label != null) {
        return label;
      }
    }
    String label = text("field." + field);
    return label != null ? label : field;
  }

  private static void add(FacesMessage.Severity severity, String summary, String detail) {
    // No detail: an empty one, or PrimeFaces would show the summary twice.
    FacesMessage message = new FacesMessage(severity, summary, detail == null ? "" : detail);
    FacesContext.getCurrentInstance().addMessage(null, message);
  }
}
