package jp.callmail.application;

import java.util.List;

/**
 * What the application's facades take and return: plain records that the REST API serialises as
 * JSON and the portal binds to, so neither touches an entity.
 */
public final class Views {

  private Views() {}

  public record ContractView(String code, String name, boolean cancelled) {}

  /** A line as an operator provisions it. Null fields of an input mean "leave as is". */
  /**
   * A service line as the operator provisions it. In a change, null fields stay as they are; an
   * {@code authenticationNumbers} list replaces the line's authentication numbers (認証用番号).
   */
  public record LineView(String number, String contract, String downstreamRoute, Boolean callMail,
      Boolean faxMail, String timeZone, Boolean cancelled, List<String> authenticationNumbers) {}

  public record RecipientView(String address, boolean send, String form, String charset) {}

  public record DesignatedCallerView(String number, boolean enabled) {}

  public record ConditionsView(boolean designatedCallersOnly, boolean unansweredOnly) {}

  /** A line's subscriber settings (SPEC §4). */
  public record SettingsView(Boolean active, List<RecipientView> recipients, ConditionsView conditions,
      List<DesignatedCallerView> designatedCallers) {}

  /** One mail and where it stands. */
  public record MailView(long id, String kind, String recipient, String status, int attempts,
      String lastReply, String queuedAt, String sentAt, String nextAttemptAt) {}

  /** One call of the call log with its mails. */
  public record CallView(String callId, String callTime, String calledNumber, String callerNumber,
      String withheldReason, int ringingSeconds, String outcome, String mailDecision, List<MailView> mails) {}

  /** A test mail request. */
  public record TestMailRequest(String address, String form, String charset) {}
}
