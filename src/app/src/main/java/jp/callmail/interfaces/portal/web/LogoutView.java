package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.util.logging.Logger;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * 終了: invalidates the session, so the old cookie is worth nothing afterwards; also on the way to
 * the other option's login.
 */
@Named
@RequestScoped
public class LogoutView {

  private static final Logger LOG = Logger.getLogger(LogoutView.class.getName());

  public String logout() {
    HttpSession session = PortalSession.request().getSession(false);
    if (session != null) {
      String line = PortalSession.line(session);
      session.invalidate();
      LOG.info(() -> "portal logout line=" + line);
    }
    return PortalSession.LOGIN_PAGE + "?faces-redirect=true&bye=1";
  }

  /**
   * To the other option's settings: they have their own password, so this session ends and the
   * other option's login page opens.
   */
  public String switchOption() {
    HttpSession session = PortalSession.request().getSession(false);
    ServiceOption other = ServiceOption.FAX_MAIL;
    if (session != null) {
      String line = PortalSession.line(session);
      if (PortalSession.option(session) == ServiceOption.FAX_MAIL) {
        other = ServiceOption.CALL_MAIL;
      }
      session.invalidate();
      LOG.info(() -> "portal logout line=" + line + " (to the other option)");
    }
    return PortalSession.LOGIN_PAGE
        + "?faces-redirect=true&option="
        + PortalSession.parameter(other);
  }
}
