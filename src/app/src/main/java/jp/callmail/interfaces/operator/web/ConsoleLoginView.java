package jp.callmail.interfaces.operator.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The console's login form and logout. The typed credential goes to Jakarta Security ({@code
 * SecurityContext.authenticate}), whose mechanism checks the operator account, changes the session
 * id and remembers the operator in the session. A wrong password, an unknown name, a disabled and a
 * locked account all get the same message.
 */
@Named
@RequestScoped
public class ConsoleLoginView {

  static final String START_PAGE = "/console/index.xhtml";

  @Inject private SecurityContext security;

  private String username;
  private String password;

  public String login() {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      ConsoleMessages.error(ConsoleMessages.text("login.required"), "");
      return null;
    }
    AuthenticationStatus status =
        security.authenticate(
            (HttpServletRequest) external.getRequest(),
            (HttpServletResponse) external.getResponse(),
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(new UsernamePasswordCredential(username, new Password(password))));
    password = null;
    if (status == AuthenticationStatus.SUCCESS) {
      return START_PAGE + "?faces-redirect=true";
    }
    if (status == AuthenticationStatus.SEND_CONTINUE) {
      faces.responseComplete();
      return null;
    }
    ConsoleMessages.error(ConsoleMessages.text("login.refused"), "");
    return null;
  }

  /** Ends the operator's session (and with it the console's view state) and shows the form. */
  public String logout() throws ServletException {
    ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    request.logout();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return "/console/login.xhtml?faces-redirect=true&logout=true";
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
