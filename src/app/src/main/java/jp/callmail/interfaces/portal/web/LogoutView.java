package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.util.logging.Logger;

/** 終了: invalidates the session, so the old cookie is worth nothing afterwards. */
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
}
