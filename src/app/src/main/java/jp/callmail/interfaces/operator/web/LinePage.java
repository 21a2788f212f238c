package jp.callmail.interfaces.operator.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.context.Flash;
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
import jp.callmail.application.ScreenTime;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.application.Views.LineView;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.PhoneNumbers;
import jp.callmail.domain.model.line.ServiceOption;

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
  private static final String FLASH_PASSWORD = "callmail.console.issuedPassword";
  private static final String FLASH_EXPIRES = "callmail.console.issuedExpiresAt";

  @Inject private ProvisioningService provisioning;
  @Inject private LineSettingsService settingsService;
  @Inject private SubscriberAuthService auth;
  @Inject private CallLogQueries callLog;
  @Inject private MailService mails;
  @Inject private AuditLog audit;

  private String number;
  private LineView line;
  private SettingsView settings;
  private SettingsView faxSettings;
  private List<String> faxSilentReasons = List.of();
  private SubscriberAuthService.LockState lock;
  private List<AuditLog.Entry> auditTrail = List.of();
  private CallLogModel calls;
  private String issuedPassword;
  private String issuedExpiresAt;
  private List<String> silentReasons = List.of();

  /** {@code ?cancel=1}: show the cancellation's confirmation. */
  private boolean confirmingCancel;

  private String confirmation;

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
      silentReasons = settingsService.silentReasons(number);
      faxSettings = settingsService.settings(number, ServiceOption.FAX_MAIL);
      faxSilentReasons = settingsService.silentReasons(number, ServiceOption.FAX_MAIL);
      Flash flash = FacesContext.getCurrentInstance().getExternalContext().getFlash();
      issuedPassword = (String) flash.get(FLASH_PASSWORD);
      issuedExpiresAt = (String) flash.get(FLASH_EXPIRES);
    } catch (RuleViolation v) {
      line = null;
      ConsoleMessages.violation(v);
    }
  }

  public String saveOptions() {
    try {
      provisioning.changeLine(
          number,
          new LineView(
              null,
              null,
              downstreamRoute == null ? "" : downstreamRoute,
              callMail,
              faxMail,
              null,
              null,
              ContractPage.numbers(authenticationNumbers),
              null));
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

  /**
   * Issues a temporary password, then POST-redirect-GET: the password travels in the flash (one
   * request long) to the line's GET page, which shows it once. Reloading that page shows it no more
   * and, being a GET, can never issue another one behind the operator's back.
   */
  public String issueTemporaryPassword() {
    try {
      SubscriberAuthService.IssuedPassword issued = auth.issueTemporaryPassword(number);
      Flash flash = FacesContext.getCurrentInstance().getExternalContext().getFlash();
      flash.put(FLASH_PASSWORD, issued.temporaryPassword());
      flash.put(FLASH_EXPIRES, ScreenTime.format(issued.expiresAt()));
      return reload();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  /**
   * 回線を解約, second step: the operator typed the line's number on the confirmation shown by {@code
   * ?cancel=1}; a different number cancels nothing.
   */
  public String confirmCancel() {
    if (!number.equals(PhoneNumbers.normalise(confirmation))) {
      ConsoleMessages.error(ConsoleMessages.text("line.cancel.mismatch"), "");
      return reload() + "&cancel=true";
    }
    return cancelLine();
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

  /** The authentication numbers for display: "なし" rather than an empty list. */
  public String getAuthenticationNumbersText() {
    return line == null || line.authenticationNumbers().isEmpty()
        ? ConsoleMessages.text("none")
        : String.join("、", line.authenticationNumbers());
  }

  /** When the current temporary password expires, on screen; "" when there is none. */
  public String getTemporaryExpiresAt() {
    return lock == null ? "" : ScreenTime.format(lock.temporaryPasswordExpiresAt());
  }

  public List<String> getSilentReasons() {
    return silentReasons;
  }

  public boolean isConfirmingCancel() {
    return confirmingCancel;
  }

  public void setConfirmingCancel(boolean confirmingCancel) {
    this.confirmingCancel = confirmingCancel;
  }

  public String getConfirmation() {
    return confirmation;
  }

  public void setConfirmation(String confirmation) {
    this.confirmation = confirmation;
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

  /** FAXお知らせメール's settings (開始/停止 and addresses). */
  public SettingsView getFaxSettings() {
    return faxSettings;
  }

  /** Why a fax call would make no FAXお知らせメール now. */
  public List<String> getFaxSilentReasons() {
    return faxSilentReasons;
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
