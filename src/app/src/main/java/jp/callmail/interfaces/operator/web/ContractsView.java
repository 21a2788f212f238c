package jp.callmail.interfaces.operator.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.PhoneNumbers;

/**
 * The console's start page: one search box (lines by number, contracts by code or name), and a new
 * contract.
 */
@Named
@ViewScoped
public class ContractsView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private ProvisioningService provisioning;

  private String search = "";
  private String code;
  private String name;
  private List<ContractView> contracts;
  private List<LineView> lines = List.of();
  private static final int MAX_LINES = 50;

  @PostConstruct
  void load() {
    filter();
  }

  /**
   * One search box for what a customer on the phone says: digits (with hyphens, spaces or
   * full-width) find lines by number, and any text finds contracts by code or name.
   */
  public void filter() {
    lines =
        search == null || search.isBlank() ? List.of() : provisioning.findLines(search, MAX_LINES);
    String term = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
    contracts =
        provisioning.contracts().stream()
            .filter(
                c ->
                    term.isEmpty()
                        || c.code().toLowerCase(Locale.ROOT).contains(term)
                        || (c.name() != null && c.name().toLowerCase(Locale.ROOT).contains(term)))
            .toList();
  }

  public String create() {
    try {
      ContractView created = provisioning.createContract(new ContractView(code, name, false));
      ConsoleMessages.info("contracts.created", created.code());
      return "/console/contract.xhtml?faces-redirect=true&code=" + created.code();
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
      return null;
    }
  }

  public List<LineView> getLines() {
    return lines;
  }

  /** Whether the search looks like a number (so the lines found are shown, even none). */
  public boolean isNumberSearch() {
    return search != null && PhoneNumbers.normalise(search).matches("[0-9]{3,20}");
  }

  public List<ContractView> getContracts() {
    return contracts;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
