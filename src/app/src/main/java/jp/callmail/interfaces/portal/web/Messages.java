package jp.callmail.interfaces.portal.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.callmail.domain.model.RuleViolation;

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
    add(FacesMessage.SEVERITY_ERROR, label(violation.field()), rule != null ? rule : violation.getMessage());
  }

  /** The on-screen label of a domain field name. */
  static String label(String field) {
    Matcher m = LIST_FIELD.matcher(field == null ? "" : field);
    if (m.matches()) {
      String label = text("field." + m.group(1) + "." + m.group(3), Integer.parseInt(m.group(2)) + 1);
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
