package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.RuleViolation;

/** One contract: its lines, a new line on it, and cancelling it. */
@Named
@ViewScoped
public class ContractPage implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private ProvisioningService provisioning;

  private String code;
  private ContractView contract;
  private List<LineView> lines = List.of();
  private String newName;
  private final NewLine newLine = new NewLine();
  private boolean confirmingCancel;
  private String confirmation;

  /** The new-line form. */
  public static final class NewLine implements Serializable {
    private static final long serialVersionUID = 1L;
    private String number;
    private String downstreamRoute;
    private boolean callMail = true;
    private boolean faxMail;
    private String authenticationNumbers;
    private boolean orderedWithPhoneService;

    public String getNumber() {
      return number;
    }

    public void setNumber(String number) {
      this.number = number;
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

    public boolean isOrderedWithPhoneService() {
      return orderedWithPhoneService;
    }

    public void setOrderedWithPhoneService(boolean orderedWithPhoneService) {
      this.orderedWithPhoneService = orderedWithPhoneService;
    }
  }

  /** Authentication numbers typed as a list separated by spaces, commas or new lines. */
  static List<String> numbers(String typed) {
    if (typed == null || typed.isBlank()) {
      return List.of();
    }
    return Arrays.stream(typed.split("[\\s,;、]+")).filter(s -> !s.isBlank()).toList();
  }

  public void load() {
    try {
      contract = provisioning.contract(code);
      lines = provisioning.linesOf(code);
    } catch (RuleViolation v) {
      contract = null;
      ConsoleMessages.violation(v);
    }
  }

  public String createLine() {
    try {
      LineView created =
          provisioning.createLine(
              new LineView(
                  newLine.number,
                  code,
                  newLine.downstreamRoute,
                  newLine.callMail,
                  newLine.faxMail,
                  null,
                  null,
                  numbers(newLine.authenticationNumbers),
                  newLine.orderedWithPhoneService));
      ConsoleMessages.info("contract.line-created", created.number());
      return "/console/line.xhtml?faces-redirect=true&number=" + created.number();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  public String rename() {
    try {
      contract = provisioning.renameContract(code, new ContractView(code, newName, false));
      ConsoleMessages.info("contract.renamed", contract.name());
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
    return "/console/contract.xhtml?faces-redirect=true&code=" + code;
  }

  public String getNewName() {
    return newName == null && contract != null ? contract.name() : newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  /**
   * 契約を解約, second step (the first is the link to {@code ?cancel=true}, which only shows what would
   * go). A contract with open lines is cancelled only when the operator typed its code: one stray
   * click must not cancel twenty lines.
   */
  public String cancel() {
    if (getOpenLines() > 0 && (confirmation == null || !code.equals(confirmation.strip()))) {
      ConsoleMessages.error(ConsoleMessages.text("contract.cancel.mismatch"), "");
      return "/console/contract.xhtml?faces-redirect=true&cancel=true&code=" + code;
    }
    try {
      provisioning.cancelContract(code);
      ConsoleMessages.info("contract.cancelled", code);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    return "/console/contract.xhtml?faces-redirect=true&code=" + code;
  }

  /** How many of the contract's lines are still open (cancelled with it). */
  public long getOpenLines() {
    return lines.stream().filter(l -> !Boolean.TRUE.equals(l.cancelled())).count();
  }

  /** A line's authentication numbers for display: "なし" rather than an empty list. */
  public String authenticationNumbers(LineView line) {
    return line.authenticationNumbers() == null || line.authenticationNumbers().isEmpty()
        ? ConsoleMessages.text("none")
        : String.join("、", line.authenticationNumbers());
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

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public ContractView getContract() {
    return contract;
  }

  public List<LineView> getLines() {
    return lines;
  }

  public NewLine getNewLine() {
    return newLine;
  }
}
