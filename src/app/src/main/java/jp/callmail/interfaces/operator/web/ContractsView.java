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
import jp.callmail.domain.model.RuleViolation;

/** The console's start page: contracts, searched by code or name, and a new contract. */
@Named
@ViewScoped
public class ContractsView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private ProvisioningService provisioning;

  private String search = "";
  private String code;
  private String name;
  private List<ContractView> contracts;

  @PostConstruct
  void load() {
    filter();
  }

  public void filter() {
    String term = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
    contracts = provisioning.contracts().stream()
        .filter(c -> term.isEmpty() || c.code().toLowerCase(Locale.ROOT).contains(term)
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
