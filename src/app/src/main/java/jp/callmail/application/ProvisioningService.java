package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.Conflict;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.LineRouting;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.operator.OperatorPermission;

/**
 * The operator's provisioning of contracts and lines (REST API and console). Every change is
 * audit-logged with the operator's name and what was before and after, and records the option
 * periods and orders the charge report bills, all in the change's transaction. A change that
 * touches routing (a line created, re-routed, watched or not, cancelled) is announced as {@link
 * LineRoutingChanged} for the SIP connector once it commits.
 */
@ApplicationScoped
@Transactional
public class ProvisioningService {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private AuditLog audit;
  @Inject private Operators operators;
  @Inject private OptionHistory history;
  @Inject private Event<LineRoutingChanged> routingChanged;

  public ContractView createContract(ContractView input) {
    operators.require(OperatorPermission.ADMIN);
    if (input == null) {
      throw new RuleViolation(
          "body", "required", "Send a contract as JSON: {\"code\":...,\"name\":...}");
    }
    if (findContract(input.code()) != null) {
      throw new Conflict("code", "unique", "Contract " + input.code() + " already exists");
    }
    Contract contract = new Contract(input.code(), input.name());
    em.persist(contract);
    audit.record(
        operators.current(), "contract.create", contract.getCode(), "契約者名 " + contract.getName());
    return view(contract);
  }

  /** Renames a contract (the contract holder's name as the carrier's records have it). */
  public ContractView renameContract(String code, ContractView input) {
    operators.require(OperatorPermission.ADMIN);
    Contract contract = requireContract(code);
    if (input == null || input.name() == null) {
      throw new RuleViolation("name", "required", "Send the contract's new name: {\"name\":...}");
    }
    String before = contract.getName();
    contract.requireOpen();
    contract.rename(input.name());
    audit.record(
        operators.current(),
        "contract.change",
        contract.getCode(),
        "契約者名 " + before + " → " + contract.getName());
    return view(contract);
  }

  /** Cancels a contract and every open line of it (their options stop being billed now). */
  public ContractView cancelContract(String code) {
    operators.require(OperatorPermission.ADMIN);
    Contract contract = requireContract(code);
    if (contract.isCancelled()) {
      return view(contract);
    }
    Instant now = Instant.now();
    String actor = operators.current();
    List<ServiceLine> lines =
        em.createNamedQuery(ServiceLine.BY_CONTRACT, ServiceLine.class)
            .setParameter("code", contract.getCode())
            .getResultList();
    List<String> cancelled = new ArrayList<>();
    List<LineRouting> routings = new ArrayList<>();
    for (ServiceLine line : lines) {
      if (!line.isCancelled()) {
        cancel(line, actor, now, "契約 " + contract.getCode() + " とともに解約");
        cancelled.add(line.getPhoneNumber());
        routings.add(line.routing());
      }
    }
    if (!routings.isEmpty()) {
      routingChanged.fire(new LineRoutingChanged(routings));
    }
    contract.cancel(now);
    audit.record(
        actor, "contract.cancel", contract.getCode(), "契約を解約、ともに解約した回線: " + numbers(cancelled));
    return view(contract);
  }

  public List<ContractView> contracts() {
    return em.createNamedQuery(Contract.ALL, Contract.class)
        .getResultStream()
        .map(ProvisioningService::view)
        .toList();
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

  /**
   * Creates a line with its options. {@code orderedWithPhoneService} says whether the options come
   * with the phone service itself (no work fees); absent means ordered on their own.
   */
  public LineView createLine(LineView input) {
    operators.require(OperatorPermission.ADMIN);
    if (input == null) {
      throw new RuleViolation(
          "body", "required", "Send a line as JSON: {\"number\":...,\"contract\":...}");
    }
    String number = Numbers.line(input.number());
    if (findLine(number) != null) {
      throw new Conflict("number", "unique", "Number " + number + " is already a service line");
    }
    if (input.contract() == null || input.contract().isBlank()) {
      throw new RuleViolation("contract", "required", "Name the contract the line belongs to");
    }
    ServiceLine line = newLine(requireContract(input.contract()), number, input);
    em.persist(line);
    routingChanged.fire(new LineRoutingChanged(List.of(line.routing())));
    String actor = operators.current();
    boolean withPhoneService = Boolean.TRUE.equals(input.orderedWithPhoneService());
    history.linesOrdered(line.getContract(), List.of(line), withPhoneService, actor, Instant.now());
    audit.record(
        actor,
        "line.create",
        number,
        describe(view(line)) + (withPhoneService ? "、電話サービスと同時申込" : ""));
    return view(line);
  }

  /** A new line as the input describes it, checked by the domain's rules but not yet persisted. */
  ServiceLine newLine(Contract contract, String number, LineView input) {
    contract.requireOpen();
    ServiceLine line =
        new ServiceLine(
            contract, number, input.downstreamRoute(), ServiceLine.zone(input.timeZone()));
    line.changeOptions(
        input.callMail() == null || input.callMail(), Boolean.TRUE.equals(input.faxMail()));
    if (input.authenticationNumbers() != null) {
      line.replaceAuthenticationNumbers(input.authenticationNumbers());
    }
    return line;
  }

  public LineView line(String number) {
    return view(requireLine(number));
  }

  /** Changes what the input names; null fields stay as they are. */
  public LineView changeLine(String number, LineView input) {
    operators.require(OperatorPermission.ADMIN);
    ServiceLine line = requireLine(number);
    if (input == null) {
      return view(line);
    }
    LineView before = view(line);
    LineRouting routingBefore = line.routing();
    if (input.downstreamRoute() != null) {
      line.routeTo(input.downstreamRoute());
    }
    if (input.timeZone() != null) {
      line.changeTimeZone(ServiceLine.zone(input.timeZone()));
    }
    String actor = operators.current();
    if (input.callMail() != null || input.faxMail() != null) {
      boolean hadCallMail = line.isCallMail();
      boolean hadFaxMail = line.isFaxMail();
      line.changeOptions(
          input.callMail() != null ? input.callMail() : hadCallMail,
          input.faxMail() != null ? input.faxMail() : hadFaxMail);
      history.optionsChanged(line, hadCallMail, hadFaxMail, actor, Instant.now());
    }
    if (input.authenticationNumbers() != null) {
      line.replaceAuthenticationNumbers(input.authenticationNumbers());
    }
    if (!line.routing().equals(routingBefore)) {
      routingChanged.fire(new LineRoutingChanged(List.of(line.routing())));
    }
    LineView after = view(line);
    if (!after.equals(before)) {
      audit.record(
          actor, "line.change", line.getPhoneNumber(), describe(before) + " → " + describe(after));
    }
    return after;
  }

  public LineView cancelLine(String number) {
    operators.require(OperatorPermission.ADMIN);
    ServiceLine line = requireLine(number);
    if (!line.isCancelled()) {
      cancel(line, operators.current(), Instant.now(), "");
      routingChanged.fire(new LineRoutingChanged(List.of(line.routing())));
    }
    return view(line);
  }

  private void cancel(ServiceLine line, String actor, Instant now, String why) {
    String before = describe(view(line));
    line.cancel(now);
    history.lineCancelled(line, now);
    audit.record(
        actor,
        "line.cancel",
        line.getPhoneNumber(),
        "解約前: " + before + (why.isEmpty() ? "" : "(" + why + ")"));
  }

  ServiceLine requireLine(String number) {
    ServiceLine line = findLine(Numbers.line(number));
    if (line == null) {
      throw new NotFound("number", "No service line " + number);
    }
    return line;
  }

  ServiceLine findLine(String number) {
    return em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
        .setParameter("number", number)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  Contract requireContract(String code) {
    Contract contract = findContract(code);
    if (contract == null) {
      throw new NotFound("contract", "No contract " + code);
    }
    return contract;
  }

  Contract findContract(String code) {
    return em.createNamedQuery(Contract.BY_CODE, Contract.class)
        .setParameter("code", code)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  static ContractView view(Contract c) {
    return new ContractView(c.getCode(), c.getName(), c.isCancelled());
  }

  static LineView view(ServiceLine l) {
    return new LineView(
        l.getPhoneNumber(),
        l.getContract().getCode(),
        l.getDownstreamRoute(),
        l.isCallMail(),
        l.isFaxMail(),
        l.getTimeZone().getId(),
        l.isCancelled(),
        l.getAuthenticationNumbers(),
        null);
  }

  /** A line's provisioned state for the audit log (never any password), in the console's words. */
  static String describe(LineView l) {
    return "契約 "
        + l.contract()
        + "、下り SIP ルート "
        + (l.downstreamRoute() == null ? "なし" : l.downstreamRoute())
        + "、着信お知らせメール "
        + (Boolean.TRUE.equals(l.callMail()) ? "あり" : "なし")
        + "、FAXお知らせメール "
        + (Boolean.TRUE.equals(l.faxMail()) ? "あり" : "なし")
        + "、タイムゾーン "
        + l.timeZone()
        + (Boolean.TRUE.equals(l.cancelled()) ? "、解約済み" : "")
        + "、認証用番号 "
        + numbers(l.authenticationNumbers());
  }

  /** Numbers for the audit log: "なし" or joined with 、 (never a list's brackets). */
  static String numbers(List<String> numbers) {
    return numbers == null || numbers.isEmpty() ? "なし" : String.join("、", numbers);
  }

  /**
   * Lines whose number contains the digits typed (hyphens, spaces and full-width digits allowed),
   * for the console's one search box: a customer on the phone gives their number, not a contract
   * code.
   *
   * @return at most {@code max} lines in number order; none when fewer than 3 digits are typed
   */
  public List<LineView> findLines(String typed, int max) {
    String digits = Numbers.line(typed);
    if (!digits.matches("[0-9]{3,20}")) {
      return List.of();
    }
    return em.createNamedQuery(ServiceLine.NUMBER_CONTAINING, ServiceLine.class)
        .setParameter("pattern", "%" + digits + "%")
        .setMaxResults(max)
        .getResultStream()
        .map(ProvisioningService::view)
        .toList();
  }
}
