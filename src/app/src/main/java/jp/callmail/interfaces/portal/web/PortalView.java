package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import jp.callmail.application.LineSettingsService;

/** What every portal page shows about the session: the logged-in line and whether it is started. */
@Named("portal")
@RequestScoped
public class PortalView {

  @Inject private LineSettingsService settings;

  private Boolean active;

  public String getLine() {
    return PortalSession.line((HttpSession) PortalSession.request().getSession(false));
  }

  public boolean isForcedPasswordChange() {
    return PortalSession.mustChangePassword(
        (HttpSession) PortalSession.request().getSession(false));
  }

  public boolean isActive() {
    if (active == null) {
      active = Boolean.TRUE.equals(settings.settings(PortalSession.currentLine()).active());
    }
    return active;
  }
}
