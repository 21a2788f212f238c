package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.Conflict;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;

/** The operator's provisioning of contracts and lines (REST API and console). */
@ApplicationScoped
@Transactional
public class ProvisioningService {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  public ContractView createContract(ContractView input) {
    if (input == null) {
      throw new RuleViolation("body", "required", "Send a contract as JSON: {\"code\":...,\"name\":...}");
    }
    if (findContract(input.code()) != null) {
      throw new Conflict("code", "unique", "Contract " + input.code() + " already exists");
    }
    Contract contract = new Contract(input.code(), input.name());
    em.persist(contract);
    return view(contract);
  }

  public List<ContractView> contracts() {
    return em.createNamedQuery(Contract.ALL, Contract.class).getResultStream().map(ProvisioningService::view).toList();
  }

  public ContractView contract(String code) {
    return view(requireContract(code));
  }

  public List<LineView> linesOf(String contractCode) {
    requireContract(contractCode);
    return em.createNamedQuery(ServiceLine.BY_CONTRACT, ServiceLine.class)
        .setParameter("code", contractCode)
        .getResultStream()
        .map(ProvisioningService::view)
        .toList();
  }

  public LineView createLine(LineView input) {
    if (input == null) {
      throw new RuleViolation("body", "required", "Send a line as JSON: {\"number\":...,\"contract\":...}");
    }
    String number = Numbers.line(input.number());
    if (findLine(number) != null) {
      throw new Conflict("number", "unique", "Number " + number + " is already a service line");
    }
    if (input.contract() == null || input.contract().isBlank()) {
      throw new RuleViolation("contract", "required", "Name the contract the line belongs to");
    }
    Contract contract = requireContract(input.contract());
    ServiceLine line = new ServiceLine(contract, number, input.downstreamRoute(), ServiceLine.zone(input.timeZone()));
    line.changeOptions(input.callMail() == null || input.callMail(), Boolean.TRUE.equals(input.faxMail()));
    if (input.authenticationNumbers() != null) {
      line.replaceAuthenticationNumbers(input.authenticationNumbers());
    }
    em.persist(line);
    return view(line);
  }

  public LineView line(String number) {
    return view(requireLine(number));
  }

  /** Changes what the input names; null fields stay as they are. */
  public LineView changeLine(String number, LineView input) {
    ServiceLine line = requireLine(number);
    if (input == null) {
      return view(line);
    }
    if (input.downstreamRoute() != null) {
      line.routeTo(input.downstreamRoute());
    }
    if (input.timeZone() != null) {
      line.changeTimeZone(ServiceLine.zone(input.timeZone()));
    }
    if (input.callMail() != null || input.faxMail() != null) {
      line.changeOptions(
          input.callMail() != null ? input.callMail() : line.isCallMail(),
          input.faxMail() != null ? input.faxMail() : line.isFaxMail());
    }
    if (input.authenticationNumbers() != null) {
      line.replaceAuthenticationNumbers(input.authenticationNumbers());
    }
    return view(line);
  }

  public LineView cancelLine(String number) {
    ServiceLine line = requireLine(number);
    line.cancel(Instant.now());
    return view(line);
  }

  ServiceLine requireLine(String number) {
    ServiceLine line = findLine(Numbers.line(number));
    if (line == null) {
      throw new NotFound("number", "No service line " + number);
    }
    return line;
  }

  private ServiceLine findLine(String number) {
    return em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
        .setParameter("number", number).getResultStream().findFirst().orElse(null);
  }

  private Contract requireContract(String code) {
    Contract contract = findContract(code);
    if (contract == null) {
      throw new NotFound("contract", "No contract " + code);
    }
    return contract;
  }

  private Contract findContract(String code) {
    return em.createNamedQuery(Contract.BY_CODE, Contract.class)
        .setParameter("code", code).getResultStream().findFirst().orElse(null);
  }

  static ContractView view(Contract c) {
    return new ContractView(c.getCode(), c.getName(), c.isCancelled());
  }

  static LineView view(ServiceLine l) {
    return new LineView(l.getPhoneNumber(), l.getContract().getCode(), l.getDownstreamRoute(), l.isCallMail(),
        l.isFaxMail(), l.getTimeZone().getId(), l.isCancelled(), l.getAuthenticationNumbers());
  }
}
