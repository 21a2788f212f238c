package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.callmail.application.LoginGate;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.domain.model.credential.LoginOutcome;
import jp.callmail.domain.model.line.PhoneNumbers;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.infrastructure.security.ClientAddresses;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ログイン: the line's phone number and password, for the option chosen on the top page ({@code
 * ?option=call} or {@code ?option=fax}; each option has its own password). An unknown number, a
 * wrong password and a locked line get the same message (the service makes them take the same
 * time). On success the session id is changed (no fixation), the line is put into the session, and
 * the idle timeout is set. {@link LoginGate} bounds the password derivations and throttles repeated
 * failures: then the page asks to try again later (HTTP 429).
 */
@Named
@RequestScoped
public class LoginView {

  @Inject private SubscriberAuthService auth;
  @Inject private LoginGate gate;
  @Inject private ClientAddresses clients;

  @Inject
  @ConfigProperty(name = "callmail.portal.session-timeout-seconds", defaultValue = "1800")
  int sessionTimeoutSeconds;

  private String number;
  private String password;
  private String option = "call";

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
    ServiceOption chosen = getServiceOption();
    String from = clients.of(request);
    // Admitted by LoginAdmission before Faces restored the view; a login that came another way
    // asks the gate here.
    LoginAdmission.Admitted admitted = LoginAdmission.of(request);
    if (admitted == null && gate.admit(typed, from) != LoginGate.Admission.ADMITTED) {
      password = null;
      Messages.error("login.later");
      ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
      external.setResponseStatus(429);
      external.setResponseHeader("Retry-After", "30");
      return null;
    }
    LoginOutcome outcome;
    try {
      outcome = auth.login(typed, chosen, password, from);
    } finally {
      if (admitted == null) {
        gate.release();
      } else {
        admitted.release();
      }
    }
    password = null;
    if (outcome == LoginOutcome.REFUSED) {
      gate.failed(typed, from);
      Messages.error(chosen == ServiceOption.FAX_MAIL ? "login.refused.fax" : "login.refused");
      return null;
    }
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession(false);
    session.setAttribute(PortalSession.LINE, typed);
    session.setAttribute(PortalSession.OPTION, chosen.name());
    session.setAttribute(PortalSession.STAMP, auth.sessionStamp(typed, chosen));
    session.setAttribute(
        PortalSession.MUST_CHANGE_PASSWORD, outcome == LoginOutcome.MUST_CHANGE_PASSWORD);
    session.setMaxInactiveInterval(Math.max(10, sessionTimeoutSeconds));
    return (outcome == LoginOutcome.MUST_CHANGE_PASSWORD
            ? PortalSession.PASSWORD_PAGE
            : PortalSession.MENU_PAGE)
        + "?faces-redirect=true";
  }

  /** The option chosen on the top page; 着信お知らせメール when the link named none. */
  public ServiceOption getServiceOption() {
    ServiceOption chosen = PortalSession.fromParameter(option);
    return chosen == null ? ServiceOption.CALL_MAIL : chosen;
  }

  /** The option as the top page's link names it: {@code call} or {@code fax}. */
  public String getOption() {
    return PortalSession.parameter(getServiceOption());
  }

  public void setOption(String option) {
    this.option = option;
  }

  /** The key that chooses the option in the IVR's first step: 0 for 着信お知らせメール, 1 for FAX. */
  public String getIvrKey() {
    return getServiceOption() == ServiceOption.FAX_MAIL ? "1" : "0";
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
