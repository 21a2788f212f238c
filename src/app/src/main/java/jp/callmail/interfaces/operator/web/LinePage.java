package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import jp.callmail.application.AuditLog;
import jp.callmail.application.CallLogQueries;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.MailService;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.application.Views.LineView;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;

/**
 * One line as the operator runs it: options, route and authentication numbers; the subscriber's
 * settings (read only); the lock and a temporary password; the call log with each mail's state,
 * re-sending a failed one; and the line's audit trail.
 */
@Named
@ViewScoped
public class LinePage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int AUDIT_ROWS = 50;

  @Inject private ProvisioningService provisioning;
  @Inject private LineSettingsService settingsService;
  @Inject private SubscriberAuthService auth;
  @Inject private CallLogQueries callLog;
  @Inject private MailService mails;
  @Inject private AuditLog audit;

  private String number;
  private LineView line;
  private SettingsView settings;
  private SubscriberAuthService.LockState lock;
  private List<AuditLog.Entry> auditTrail = List.of();
  private CallLogModel calls;
  private String issuedPassword;
  private String issuedExpiresAt;

  // the options form
  private String downstreamRoute;
  private boolean callMail;
  private boolean faxMail;
  private String authenticationNumbers;

  public void load() {
    try {
      line = provisioning.line(number);
      number = line.number();
      downstreamRoute = line.downstreamRoute();
      callMail = Boolean.TRUE.equals(line.callMail());
      faxMail = Boolean.TRUE.equals(line.faxMail());
      authenticationNumbers = String.join(" ", line.authenticationNumbers());
      settings = settingsService.settings(number);
      lock = auth.lockState(number);
      auditTrail = audit.about(number, AUDIT_ROWS);
      calls = new CallLogModel(callLog, number);
    } catch (RuleViolation v) {
      line = null;
      ConsoleMessages.violation(v);
    }
  }

  public String saveOptions() {
    try {
      provisioning.changeLine(number, new LineView(null, null, downstreamRoute == null ? "" : downstreamRoute,
          callMail, faxMail, null, null, ContractPage.numbers(authenticationNumbers), null));
      ConsoleMessages.info("line.saved");
      return reload();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  public String cancelLine() {
    return act(() -> provisioning.cancelLine(number), "line.cancelled");
  }

  public String unlock() {
    return act(() -> auth.unlock(number), "line.unlocked");
  }

  /** Issues a temporary password and shows it on this view only, once. */
  public void issueTemporaryPassword() {
    try {
      SubscriberAuthService.IssuedPassword issued = auth.issueTemporaryPassword(number);
      issuedPassword = issued.temporaryPassword();
      issuedExpiresAt = issued.expiresAt();
      lock = auth.lockState(number);
      auditTrail = audit.about(number, AUDIT_ROWS);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
  }

  public String resend(long mailId) {
    try {
      MailView mail = mails.resend(mailId);
      ConsoleMessages.info("line.resent", mail.recipient(), mail.status());
      return reload();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  private String act(Runnable action, String doneKey) {
    try {
      action.run();
      ConsoleMessages.info(doneKey, number);
      return reload();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  private String reload() {
    return "/console/line.xhtml?faces-redirect=true&number=" + number;
  }

  public String getNumber() {
    return number;
  }

  public void setNumber(String number) {
    this.number = number;
  }

  public LineView getLine() {
    return line;
  }

  public SettingsView getSettings() {
    return settings;
  }

  public SubscriberAuthService.LockState getLock() {
    return lock;
  }

  public List<AuditLog.Entry> getAuditTrail() {
    return auditTrail;
  }

  public CallLogModel getCalls() {
    return calls;
  }

  public String getIssuedPassword() {
    return issuedPassword;
  }

  public String getIssuedExpiresAt() {
    return issuedExpiresAt;
  }

  public String getDownstreamRoute() {
    return downstreamRoute;
  }

  public void setDownstreamRoute(String downstreamRoute) {
    this.downstreamRoute = downstreamRoute;
  }

  public boolean isCallMail() {
    return callMail;
  }

  public void setCallMail(boolean callMail) {
    this.callMail = callMail;
  }

  public boolean isFaxMail() {
    return faxMail;
  }

  public void setFaxMail(boolean faxMail) {
    this.faxMail = faxMail;
  }

  public String getAuthenticationNumbers() {
    return authenticationNumbers;
  }

  public void setAuthenticationNumbers(String authenticationNumbers) {
    this.authenticationNumbers = authenticationNumbers;
  }
}
