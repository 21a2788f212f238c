package jp.callmail.interfaces.operator.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import jp.callmail.domain.model.RuleViolation;

/**
 * Outcomes shown to the operator, in the console's language (Japanese unless English is chosen). A
 * refused change names the field and the rule by the bundle's words for the domain's field and rule
 * identifiers (the ones the REST API's problem JSON carries), so console and API agree.
 */
final class ConsoleMessages {

  private ConsoleMessages() {}

  static String text(String key, Object... args) {
    FacesContext context = FacesContext.getCurrentInstance();
    String pattern;
    try {
      pattern = context.getApplication().getResourceBundle(context, "con").getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : MessageFormat.format(pattern, args);
  }

  static void info(String key, Object... args) {
    add(FacesMessage.SEVERITY_INFO, text(key, args), "");
  }

  /**
   * A refused change in the operator's language: the field's label and the rule's text from the
   * bundle ({@code field.<name>}, {@code rule.<rule>}); the domain's own message only for a rule
   * the bundle does not know yet.
   */
  static void violation(RuleViolation v) {
    add(FacesMessage.SEVERITY_ERROR, label(v.field()), reason(v.rule(), v.getMessage()));
  }

  /** The label of a domain field ({@code authenticationNumbers[2]} as its list's label and row). */
  static String label(String field) {
    if (field == null || field.isBlank()) {
      return "";
    }
    String base = field.replaceAll("\\[(\\d+)]", "");
    String label = text("field." + base);
    if (label.equals("field." + base)) {
      return field;
    }
    java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(field);
    return index.find() ? label + " " + (Integer.parseInt(index.group(1)) + 1) : label;
  }

  /** The text of a rule, or the given message when the bundle has none. */
  static String reason(String rule, String message) {
    if (rule == null) {
      return message == null ? "" : message;
    }
    String text = text("rule." + rule);
    return text.equals("rule." + rule) ? (message == null ? "" : message) : text;
  }

  static void error(String summary, String detail) {
    add(FacesMessage.SEVERITY_ERROR, summary, detail == null ? "" : detail);
  }

  private static void add(FacesMessage.Severity severity, String summary, String detail) {
    FacesContext context = FacesContext.getCurrentInstance();
    context.addMessage(null, new FacesMessage(severity, summary, detail));
    context.getExternalContext().getFlash().setKeepMessages(true);
  }
}
