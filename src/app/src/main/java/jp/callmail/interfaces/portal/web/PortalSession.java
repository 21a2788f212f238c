package jp.callmail.interfaces.portal.web;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The one place that knows which line a portal session belongs to. The line number is put into the
 * HTTP session at login and read from there only, never from a request parameter, so a subscriber
 * can see and change nothing but their own line.
 */
final class PortalSession {

  /** The service line the session logged in to (String). */
  static final String LINE = "callmail.portal.line";

  /** Set while the login was made with a temporary password (Boolean). */
  static final String MUST_CHANGE_PASSWORD = "callmail.portal.must-change-password";

  static final String LOGIN_PAGE = "/portal/login.xhtml";
  static final String MENU_PAGE = "/portal/menu.xhtml";
  static final String PASSWORD_PAGE = "/portal/password.xhtml";

  private PortalSession() {}

  static String line(HttpSession session) {
    return session == null ? null : (String) session.getAttribute(LINE);
  }

  static boolean mustChangePassword(HttpSession session) {
    return session != null && Boolean.TRUE.equals(session.getAttribute(MUST_CHANGE_PASSWORD));
  }

  /** The logged-in line of the current Faces request; PortalFilter guarantees there is one. */
  static String currentLine() {
    ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
    String line = line((HttpSession) external.getSession(false));
    if (line == null) {
      throw new IllegalStateException("No subscriber is logged in to this session");
    }
    return line;
  }

  static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }
}
