package jp.callmail.interfaces.operator.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jp.callmail.application.OperatorAccountService;
import jp.callmail.application.OperatorAccountService.Authenticated;
import jp.callmail.domain.model.RuleViolation;

/**
 * パスワード変更: every operator replaces their own password here, and one whose password an admin issued
 * is sent here until they do (OperatorAuthentication).
 */
@Named
@RequestScoped
public class OperatorPasswordView {

  @Inject private OperatorAccountService accounts;

  private String current;
  private String next;
  private String repeated;

  public String change() {
    try {
      accounts.changeOwnPassword(current, next, repeated);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    } finally {
      current = null;
      next = null;
      repeated = null;
    }
    ConsoleMessages.info("password.done");
    return ConsoleLoginView.START_PAGE + "?faces-redirect=true";
  }

  /** Whether the password is one an admin issued, which must be replaced first. */
  public boolean isMust() {
    String name = FacesContext.getCurrentInstance().getExternalContext().getRemoteUser();
    return name != null
        && accounts.active(name).map(Authenticated::mustChangePassword).orElse(false);
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
