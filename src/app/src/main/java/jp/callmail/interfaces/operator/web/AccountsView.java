package jp.callmail.interfaces.operator.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.callmail.application.OperatorAccountService;
import jp.callmail.application.OperatorAccountService.AccountView;
import jp.callmail.application.OperatorAccountService.IssuedOperatorPassword;
import jp.callmail.domain.model.RuleViolation;

/**
 * オペレーター管理 (admins only: web.xml and the service): the accounts, a new one, disabling and enabling,
 * and a new password. A password made here is shown once, in the answer to the POST (which, like
 * every console page, is {@code Cache-Control: no-store}); only its hash is kept.
 */
@Named
@ViewScoped
public class AccountsView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private OperatorAccountService accounts;

  private List<AccountView> list;
  private String username;
  private String role = "support";
  private IssuedOperatorPassword issued;
  private final Map<String, String> newRoles = new HashMap<>();

  @PostConstruct
  void load() {
    list = accounts.accounts();
    newRoles.clear();
    list.forEach(a -> newRoles.put(a.username(), a.role()));
  }

  public void changeRole(String name) {
    try {
      accounts.changeRole(name, newRoles.get(name));
      ConsoleMessages.info("accounts.role.changed", name);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    load();
  }

  /** The role chosen in each account's row, by user name. */
  public Map<String, String> getNewRoles() {
    return newRoles;
  }

  public void create() {
    try {
      issued = accounts.create(username, role);
      ConsoleMessages.info("accounts.created", issued.username());
      username = null;
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    load();
  }

  public void resetPassword(String name) {
    try {
      issued = accounts.resetPassword(name);
      ConsoleMessages.info("accounts.reset.done", issued.username());
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    load();
  }

  public void disable(String name) {
    try {
      accounts.disable(name);
      ConsoleMessages.info("accounts.disabled", name);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    load();
  }

  public void enable(String name) {
    try {
      accounts.enable(name);
      ConsoleMessages.info("accounts.enabled", name);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    load();
  }

  public List<AccountView> getAccounts() {
    return list;
  }

  /** The password just made, for this response only. */
  public IssuedOperatorPassword getIssued() {
    IssuedOperatorPassword shown = issued;
    return shown;
  }

  public List<String> getRoles() {
    return List.of("admin", "support", "auditor");
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
