package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * What every portal page shows about the session: the logged-in line, the option (着信お知らせメール or
 * FAXお知らせメール) and whether it is started.
 */
@Named("portal")
@RequestScoped
public class PortalView {

  @Inject private LineSettingsService settings;
  @Inject private ProvisioningService provisioning;

  private Boolean active;

  public String getLine() {
    return PortalSession.line((HttpSession) PortalSession.request().getSession(false));
  }

  /** The option the session logged in to, by name (CALL_MAIL or FAX_MAIL); null before login. */
  public String getOption() {
    HttpSession session = (HttpSession) PortalSession.request().getSession(false);
    return PortalSession.line(session) == null ? null : PortalSession.option(session).name();
  }

  /** Whether the session is FAXお知らせメール's. */
  public boolean isFax() {
    return ServiceOption.FAX_MAIL.name().equals(getOption());
  }

  /** The other option's name: FAX_MAIL for a call-mail session and CALL_MAIL for a fax one. */
  public String getOtherOption() {
    return isFax() ? ServiceOption.CALL_MAIL.name() : ServiceOption.FAX_MAIL.name();
  }

  /** Whether the line also has the other option, whose settings need its own login. */
  public boolean isOtherOptionContracted() {
    LineView line = provisioning.line(PortalSession.currentLine());
    return Boolean.TRUE.equals(isFax() ? line.callMail() : line.faxMail());
  }

  public boolean isForcedPasswordChange() {
    return PortalSession.mustChangePassword(
        (HttpSession) PortalSession.request().getSession(false));
  }

  public boolean isActive() {
    if (active == null) {
      active =
          Boolean.TRUE.equals(
              settings
                  .settings(PortalSession.currentLine(), PortalSession.currentOption())
                  .active());
    }
    return active;
  }
}
