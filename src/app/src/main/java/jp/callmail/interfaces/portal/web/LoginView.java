package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.domain.model.credential.LoginOutcome;
import jp.callmail.domain.model.line.PhoneNumbers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ログイン: the line's phone number and password. An unknown number, a wrong password and a locked line
 * get the same message (the service makes them take the same time). On success the session id is
 * changed (no fixation), the line is put into the session, and the idle timeout is set.
 */
@Named
@RequestScoped
public class LoginView {

  @Inject private SubscriberAuthService auth;

  @Inject
  @ConfigProperty(name = "callmail.portal.session-timeout-seconds", defaultValue = "1800")
  int sessionTimeoutSeconds;

  private String number;
  private String password;

  public String login() {
    String typed = PhoneNumbers.normalise(number);
    boolean missing = false;
    if (typed.isEmpty()) {
      Messages.fieldError(Messages.text("login.number"), "rule.required");
      missing = true;
    }
    if (password == null || password.isEmpty()) {
      Messages.fieldError(Messages.text("login.password"), "rule.required");
      missing = true;
    }
    if (missing) {
      return null;
    }
    HttpServletRequest request = PortalSession.request();
    LoginOutcome outcome = auth.login(typed, password, request.getRemoteAddr());
    password = null;
    if (outcome == LoginOutcome.REFUSED) {
      Messages.error("login.refused");
      return null;
    }
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession(false);
    session.setAttribute(PortalSession.LINE, typed);
    session.setAttribute(
        PortalSession.MUST_CHANGE_PASSWORD, outcome == LoginOutcome.MUST_CHANGE_PASSWORD);
    session.setMaxInactiveInterval(Math.max(10, sessionTimeoutSeconds));
    return (outcome == LoginOutcome.MUST_CHANGE_PASSWORD
            ? PortalSession.PASSWORD_PAGE
            : PortalSession.MENU_PAGE)
        + "?faces-redirect=true";
  }

  public String getNumber() {
    return number;
  }

  public void setNumber(String number) {
    this.number = number;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
