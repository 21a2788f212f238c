package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.util.regex.Pattern;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.domain.model.RuleViolation;

/**
 * パスワード変更, also the forced change after a temporary-password login. Every broken rule of SPEC §7
 * gets its own message before the service is asked; the service checks the current password and the
 * same rules again.
 */
@Named
@RequestScoped
public class PasswordView {

  private static final Pattern LETTERS_AND_DIGITS = Pattern.compile("[A-Za-z0-9]*");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  @Inject private SubscriberAuthService auth;

  private String current;
  private String next;
  private String repeated;

  public boolean isForced() {
    return PortalSession.mustChangePassword(
        (HttpSession) PortalSession.request().getSession(false));
  }

  public String change() {
    boolean ok = checkRules();
    if (ok) {
      try {
        auth.changePassword(
            PortalSession.currentLine(), PortalSession.currentOption(), current, next, repeated);
      } catch (RuleViolation v) {
        if ("locked".equals(v.rule())) {
          return lockedOut();
        }
        Messages.violation(v);
        ok = false;
      }
    }
    current = null;
    next = null;
    repeated = null;
    if (!ok) {
      return null;
    }
    HttpSession session = PortalSession.request().getSession(false);
    boolean wasForced = PortalSession.mustChangePassword(session);
    session.removeAttribute(PortalSession.MUST_CHANGE_PASSWORD);
    // This session goes on with the new password; the line's other sessions of the option end.
    session.setAttribute(
        PortalSession.STAMP,
        auth.sessionStamp(PortalSession.currentLine(), PortalSession.currentOption()));
    Messages.info("password.changed");
    jakarta.faces.context.FacesContext.getCurrentInstance()
        .getExternalContext()
        .getFlash()
        .setKeepMessages(true);
    return (wasForced ? PortalSession.MENU_PAGE : PortalSession.PASSWORD_PAGE)
        + "?faces-redirect=true";
  }

  /**
   * The tenth wrong current password invalidated the passwords: the session ends and the login page
   * says what to do.
   */
  private String lockedOut() {
    current = null;
    next = null;
    repeated = null;
    HttpSession session = PortalSession.request().getSession(false);
    String option = PortalSession.parameter(PortalSession.option(session));
    session.invalidate();
    return PortalSession.LOGIN_PAGE + "?faces-redirect=true&option=" + option + "&locked=1";
  }

  private boolean checkRules() {
    boolean ok = true;
    if (current == null || current.isEmpty()) {
      Messages.fieldError(Messages.label("currentPassword"), "rule.required");
      ok = false;
    }
    String label = Messages.label("newPassword");
    if (next == null || next.isEmpty()) {
      Messages.fieldError(label, "rule.required");
      return false;
    }
    if (next.length() < 4 || next.length() > 8) {
      Messages.fieldError(label, "rule.password-length");
      ok = false;
    }
    if (!LETTERS_AND_DIGITS.matcher(next).matches()) {
      Messages.fieldError(label, "rule.password-characters");
      ok = false;
    }
    if (DIGITS.matcher(next).matches()) {
      Messages.fieldError(label, "rule.password-not-digits-only");
      ok = false;
    }
    if (next.equals(current)) {
      Messages.fieldError(label, "rule.password-unchanged");
      ok = false;
    }
    if (!next.equals(repeated)) {
      Messages.fieldError(Messages.label("repeatPassword"), "rule.password-mismatch");
      ok = false;
    }
    return ok;
  }

  public String getCurrent() {
    return current;
  }

  public void setCurrent(String current) {
    this.current = current;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }

  public String getRepeated() {
    return repeated;
  }

  public void setRepeated(String repeated) {
    this.repeated = repeated;
  }
}
