package jp.callmail.interfaces.operator.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import jp.callmail.domain.model.RuleViolation;

/**
 * Outcomes shown to the operator. A refused change names the field and the rule as the domain
 * states them (the same words the REST API's problem JSON uses), so console and API agree.
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

  static void violation(RuleViolation v) {
    add(FacesMessage.SEVERITY_ERROR, v.field() + " (" + v.rule() + ")", v.getMessage());
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
