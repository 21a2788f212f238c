package jp.callmail.interfaces.portal.web;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * The one place that knows which line a portal session belongs to. The line number is put into the
 * HTTP session at login and read from there only, never from a request parameter, so a subscriber
 * can see and change nothing but their own line.
 */
final class PortalSession {

  /** The service line the session logged in to (String). */
  static final String LINE = "callmail.portal.line";

  /**
   * The option the session logged in to (String, a {@link ServiceOption} name): 着信お知らせメール and
   * FAXお知らせメール each have their own password and settings, and every page works on this one.
   */
  static final String OPTION = "callmail.portal.option";

  /**
   * The option's {@code SubscriberAuthService#sessionStamp} when the session logged in or changed
   * the password (String); PortalFilter ends the session when the line's differs.
   */
  static final String STAMP = "callmail.portal.stamp";

  /** Set while the login was made with a temporary password (Boolean). */
  static final String MUST_CHANGE_PASSWORD = "callmail.portal.must-change-password";

  static final String TOP_PAGE = "/portal/index.xhtml";
  static final String LOGIN_PAGE = "/portal/login.xhtml";
  static final String MENU_PAGE = "/portal/menu.xhtml";
  static final String PASSWORD_PAGE = "/portal/password.xhtml";

  private PortalSession() {}

  static String line(HttpSession session) {
    return session == null ? null : (String) session.getAttribute(LINE);
  }

  /** The session's option; 着信お知らせメール for a session that predates the choice. */
  static ServiceOption option(HttpSession session) {
    Object name = session == null ? null : session.getAttribute(OPTION);
    return name == null ? ServiceOption.CALL_MAIL : ServiceOption.valueOf((String) name);
  }

  /** The option of the current Faces request's session. */
  static ServiceOption currentOption() {
    return option(
        (HttpSession) FacesContext.getCurrentInstance().getExternalContext().getSession(false));
  }

  /** The option a top-page link names ({@code call} or {@code fax}), or null for anything else. */
  static ServiceOption fromParameter(String value) {
    if ("call".equals(value)) {
      return ServiceOption.CALL_MAIL;
    }
    return "fax".equals(value) ? ServiceOption.FAX_MAIL : null;
  }

  /** The value of {@link #fromParameter} for an option. */
  static String parameter(ServiceOption option) {
    return option == ServiceOption.FAX_MAIL ? "fax" : "call";
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
