package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.callmail.application.Views.ImportReport;
import jp.callmail.application.Views.ImportRowResult;
import jp.callmail.application.Views.LineImportRow;
import jp.callmail.domain.model.Conflict;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.RuleViolations;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.operator.OperatorPermission;

/**
 * Bulk creation of lines from the carrier's order systems, all or nothing: every row is checked by
 * the same rules as a single creation (through {@link ProvisioningService#newLine}), and against
 * the other rows and the database, before anything is written. One refused row refuses the file.
 *
 * <p>Lines of one contract imported together with the same {@code orderedWithPhoneService} are one
 * order (one basic work fee), as one work order of the carrier would be.
 */
@ApplicationScoped
@Transactional
public class LineImportService {

  private static final int IN_CHUNK = 500;

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;
  @Inject private OptionHistory history;
  @Inject private AuditLog audit;
  @Inject private Operators operators;
  @Inject private Event<LineRoutingChanged> routingChanged;

  private record Accepted(int row, ServiceLine line, boolean withPhoneService) {}

  public ImportReport importLines(List<LineImportRow> rows) {
    operators.require(OperatorPermission.ADMIN);
    if (rows.isEmpty()) {
      throw new RuleViolation("body", "required", "The file has a header but no lines to import");
    }
    List<ImportRowResult> refused = new ArrayList<>();
    List<Accepted> accepted = new ArrayList<>();
    Set<String> existing = existingNumbers(rows);
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Contract> contracts = new HashMap<>();
    for (LineImportRow row : rows) {
      if (row.unreadable() != null) {
        refused.add(row.unreadable());
        continue;
      }
      try {
        accepted.add(check(row, existing, seen, contracts));
      } catch (RuleViolation e) {
        for (RuleViolation each : RuleViolations.all(e)) {
          refused.add(
              new ImportRowResult(
                  row.row(),
                  row.line().number(),
                  "refused",
                  each.field(),
                  each.rule(),
                  each.getMessage()));
        }
      }
    }
    if (!refused.isEmpty()) {
      refused.sort(Comparator.comparingInt(ImportRowResult::row));
      long refusedRows = refused.stream().mapToInt(ImportRowResult::row).distinct().count();
      throw new ImportRefused(new ImportReport(rows.size(), 0, (int) refusedRows, refused));
    }
    return create(rows.size(), accepted);
  }

  /**
   * Checks one row, reporting every problem of it at once (number, contract, route and the rest),
   * so that an operator fixes a row in one go rather than one error per attempt.
   */
  private Accepted check(
      LineImportRow row,
      Set<String> existing,
      Map<String, Integer> seen,
      Map<String, Contract> contracts) {
    List<RuleViolation> problems = new ArrayList<>();
    String number = null;
    try {
      number = checkNumber(row, existing, seen);
    } catch (RuleViolation e) {
      problems.add(e);
    }
    Contract contract = null;
    String code = row.line().contract();
    if (code == null || code.isBlank()) {
      problems.add(
          new RuleViolation("contract", "required", "Name the contract the line belongs to"));
    } else {
      contract = contracts.computeIfAbsent(code.strip(), provisioning::findContract);
      if (contract == null) {
        problems.add(new NotFound("contract", "No contract " + code.strip()));
      }
    }
    ServiceLine line = null;
    if (number != null && contract != null) {
      try {
        line = provisioning.newLine(contract, number, row.line());
      } catch (RuleViolation e) {
        problems.add(e);
      }
    } else {
      try {
        ServiceLine.checkRoute(row.line().downstreamRoute());
      } catch (RuleViolation e) {
        problems.add(e);
      }
    }
    RuleViolations.throwIfAny(problems);
    return new Accepted(row.row(), line, Boolean.TRUE.equals(row.line().orderedWithPhoneService()));
  }

  private static String checkNumber(
      LineImportRow row, Set<String> existing, Map<String, Integer> seen) {
    String number = Numbers.line(row.line().number());
    Integer earlier = seen.putIfAbsent(number, row.row());
    if (earlier != null) {
      throw new Conflict(
          "number",
          "unique-in-file",
          "Number " + number + " is already on line " + earlier + " of the file");
    }
    if (existing.contains(number)) {
      throw new Conflict("number", "unique", "Number " + number + " is already a service line");
    }
    return number;
  }

  private ImportReport create(int rows, List<Accepted> accepted) {
    Instant now = Instant.now();
    String actor = operators.current();
    Map<String, List<ServiceLine>> orders = new LinkedHashMap<>();
    List<ImportRowResult> results = new ArrayList<>();
    for (Accepted a : accepted) {
      em.persist(a.line());
      orders
          .computeIfAbsent(
              a.line().getContract().getCode() + "\n" + a.withPhoneService(),
              k -> new ArrayList<>())
          .add(a.line());
      audit.record(
          actor,
          "line.create",
          a.line().getPhoneNumber(),
          "一括登録 "
              + a.row()
              + " 行目: "
              + ProvisioningService.describe(ProvisioningService.view(a.line()))
              + (a.withPhoneService() ? "、電話サービスと同時申込" : ""));
      results.add(
          new ImportRowResult(a.row(), a.line().getPhoneNumber(), "created", null, null, null));
    }
    orders.forEach(
        (key, lines) -> {
          boolean withPhoneService = Boolean.parseBoolean(key.substring(key.indexOf('\n') + 1));
          Contract contract = lines.get(0).getContract();
          history.linesOrdered(contract, lines, withPhoneService, actor, now);
          audit.record(
              actor,
              "lines.import",
              contract.getCode(),
              lines.size()
                  + " 回線を一括登録: "
                  + ProvisioningService.numbers(
                      lines.stream().map(ServiceLine::getPhoneNumber).toList()));
        });
    routingChanged.fire(
        new LineRoutingChanged(accepted.stream().map(a -> a.line().routing()).toList()));
    return new ImportReport(rows, accepted.size(), 0, results);
  }

  /** The file's numbers that are lines already, asked in chunks (IN lists have limits). */
  private Set<String> existingNumbers(List<LineImportRow> rows) {
    List<String> numbers = new ArrayList<>();
    for (LineImportRow row : rows) {
      if (row.line() != null && row.line().number() != null && !row.line().number().isBlank()) {
        numbers.add(Numbers.line(row.line().number()));
      }
    }
    Set<String> existing = new HashSet<>();
    for (int i = 0; i < numbers.size(); i += IN_CHUNK) {
      existing.addAll(
          em.createNamedQuery(ServiceLine.EXISTING_NUMBERS, String.class)
              .setParameter("numbers", numbers.subList(i, Math.min(numbers.size(), i + IN_CHUNK)))
              .getResultList());
    }
    return existing;
  }
}
