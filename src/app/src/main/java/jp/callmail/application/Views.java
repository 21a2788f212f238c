package jp.callmail.application;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the application's facades take and return: plain records that the REST API serialises as
 * JSON and the portal binds to, so neither touches an entity.
 */
public final class Views {

  private Views() {}

  public record ContractView(String code, String name, boolean cancelled) {}

  /**
   * A service line as the operator provisions it. In a change, null fields stay as they are; an
   * {@code authenticationNumbers} list replaces the line's authentication numbers (認証用番号). {@code
   * orderedWithPhoneService} is input only, on creation: the options come with the phone service
   * itself and cost no work fees (absent: ordered on their own).
   */
  public record LineView(
      String number,
      String contract,
      String downstreamRoute,
      Boolean callMail,
      Boolean faxMail,
      String timeZone,
      Boolean cancelled,
      List<String> authenticationNumbers,
      Boolean orderedWithPhoneService) {}

  public record RecipientView(String address, boolean send, String form, String charset) {}

  public record DesignatedCallerView(String number, boolean enabled) {}

  public record ConditionsView(boolean designatedCallersOnly, boolean unansweredOnly) {}

  /** A line's subscriber settings (SPEC §4). */
  public record SettingsView(
      Boolean active,
      List<RecipientView> recipients,
      ConditionsView conditions,
      List<DesignatedCallerView> designatedCallers) {}

  /**
   * One mail and where it stands. {@code option} is the option it belongs to: {@code CALL_MAIL}
   * (着信お知らせメール) or {@code FAX_MAIL} (FAXお知らせメール).
   */
  public record MailView(
      long id,
      String kind,
      String recipient,
      String status,
      int attempts,
      String lastReply,
      String queuedAt,
      String sentAt,
      String nextAttemptAt,
      String option) {}

  /**
   * One call of the call log with its mails. {@code mailDecision} is the text recorded with the
   * call; {@code decisionCode} the same as a stable code for screens ({@code send}, {@code
   * stopped}, {@code not-designated}, {@code withheld}, {@code answered}, {@code
   * no-sending-address}, {@code other}, {@code none}) and {@code mailCount} the mails it made.
   * {@code kind} is {@code VOICE} or {@code FAX}; {@code faxMailDecision}, {@code faxDecisionCode}
   * and {@code faxMailCount} are the same for FAXお知らせメール (null, {@code none} and 0 for a voice call
   * or a line without the fax option). {@code mails} holds every mail of the call, of both options.
   */
  public record CallView(
      String callId,
      String callTime,
      String calledNumber,
      String callerNumber,
      String withheldReason,
      int ringingSeconds,
      String outcome,
      String mailDecision,
      List<MailView> mails,
      String decisionCode,
      int mailCount,
      String kind,
      String faxMailDecision,
      String faxDecisionCode,
      int faxMailCount) {}

  /** One page of a line's call log, newest first, and how many calls it has in all. */
  public record CallPage(long total, int offset, int limit, List<CallView> calls) {}

  /**
   * A month's charges (SPEC §8), in whole yen. {@code proration} is {@code whole-month} or {@code
   * daily}; {@code taxRounding} {@code floor}, {@code half-up} or {@code ceiling}.
   */
  public record ChargeReportView(
      String month,
      String zone,
      String proration,
      BigDecimal taxRatePercent,
      String taxRounding,
      List<ChargeLineView> lines,
      List<WorkOrderView> orders,
      List<ContractChargeView> contracts,
      ChargeTotalView total) {}

  /**
   * A line's month: days active and fee of each option (null when not active), and its per-number
   * work fees; {@code total} is before tax.
   */
  public record ChargeLineView(
      String contract,
      String contractName,
      String number,
      int daysInMonth,
      Integer callMailDays,
      Long callMail,
      Integer faxMailDays,
      Long faxMail,
      long workFees,
      long total) {}

  /** An order placed in the month and its work fees (zero with the phone service). */
  public record WorkOrderView(
      long id,
      String contract,
      String orderedAt,
      boolean withPhoneService,
      int numbers,
      long basicFee,
      long perNumberFees) {}

  /** A contract's month: tax is computed on its subtotal. */
  public record ContractChargeView(
      String contract,
      String name,
      long monthlyCharges,
      long workFees,
      long subtotal,
      long tax,
      long total) {}

  /** The sums of all contracts. */
  public record ChargeTotalView(
      long monthlyCharges, long workFees, long subtotal, long tax, long total) {}

  /**
   * One row of a bulk import of lines: the line it describes, or why it could not even be read.
   *
   * @param row the line of the file the row starts on (the header is line 1)
   */
  public record LineImportRow(int row, LineView line, ImportRowResult unreadable) {}

  /**
   * What became of one row of an import.
   *
   * @param status {@code created}, or {@code refused} with the field, rule and message
   */
  public record ImportRowResult(
      int row, String number, String status, String field, String rule, String message) {}

  /**
   * The outcome of a bulk import: all rows created, or none (then {@code results} holds the
   * refusals).
   */
  public record ImportReport(int rows, int created, int refused, List<ImportRowResult> results) {}

  /**
   * A completed-call record the application refused (a dead letter): the record's fields as the SIP
   * connector delivered them, why it was refused (the newest reason), and its resolution once
   * recorded.
   */
  public record DeadLetterView(
      long id,
      String callId,
      String calledNumber,
      String callTime,
      String callerNumber,
      String withheldReason,
      long ringingSeconds,
      String outcome,
      String reason,
      int attempts,
      String receivedAt,
      String lastAttemptAt,
      String resolvedAt,
      String resolution,
      String kind) {}

  /** A page of the unresolved dead letters, oldest first, and how many are unresolved in all. */
  public record DeadLetterPage(
      long unresolved, int offset, int limit, List<DeadLetterView> deadLetters) {}

  /**
   * A test mail request: to which address, in which form and charset, and of which option ({@code
   * call} or {@code fax}, see {@code LineSettingsService.option}; absent: 着信お知らせメール).
   */
  public record TestMailRequest(String address, String form, String charset, String option) {}
}
