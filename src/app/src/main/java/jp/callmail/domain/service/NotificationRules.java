package jp.callmail.domain.service;

import java.util.Objects;
import jp.callmail.domain.model.call.CallKind;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.line.NotificationPolicy;

/**
 * Which completed calls make mail (SPEC §4).
 *
 * <p>A pure function of the line's conditions and the call, with no persistence or container
 * dependency, so that every combination can be tested and the decision can be made inside the
 * transaction that records the call. The conditions are applied in the order a subscriber reads the
 * settings pages, and the first one that excludes the call gives the reason:
 *
 * <ol>
 *   <li>開始/停止: a stopped line sends nothing.
 *   <li>発信電話番号指定通知機能を利用する: only calls from a designated number (an entry whose 設定する box is
 *       checked). A withheld caller never matches, whatever its 非通知理由; with the box checked and no
 *       number designated, no call matches.
 *   <li>電話を受けられなかった場合に着信お知らせメールを送信する: only 応答なし and 転送 calls; when unchecked, answered (通話) calls
 *       are notified too.
 * </ol>
 *
 * <p>Which of the line's addresses receive the mail (送信する) is decided per address afterwards, not
 * here.
 */
public final class NotificationRules {

  private NotificationRules() {}

  /**
   * Decides whether a completed call makes mail under a line's conditions.
   *
   * @param policy the line's conditions at the time the call completed
   * @param call the completed call
   * @return the decision with a reason for the log; never {@code null}
   */
  public static MailDecision decide(NotificationPolicy policy, CompletedCall call) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(call, "call");
    if (!policy.started()) {
      return MailDecision.STOPPED;
    }
    if (policy.designatedCallersOnly()) {
      if (call.withheldReason().isWithheld()) {
        return MailDecision.WITHHELD_CALLER;
      }
      if (!policy.isDesignated(call.callerNumber())) {
        return MailDecision.CALLER_NOT_DESIGNATED;
      }
    }
    if (policy.unansweredOnly() && !isUnanswered(call.outcome())) {
      return MailDecision.ANSWERED;
    }
    return MailDecision.SEND;
  }

  /**
   * Decides whether a call makes FAXお知らせメール (SPEC §4): every fax call does while the option is
   * started (開始); the fax option has no conditions of its own, and the call mail's do not apply to
   * it. A voice call never does.
   *
   * @param faxMailStarted the line has the fax option, not cancelled, and it is started
   * @param call the completed call, with its kind as known now
   */
  public static MailDecision decideFax(boolean faxMailStarted, CompletedCall call) {
    Objects.requireNonNull(call, "call");
    if (call.kind() != CallKind.FAX) {
      return MailDecision.VOICE_CALL;
    }
    return faxMailStarted ? MailDecision.SEND : MailDecision.STOPPED;
  }

  /**
   * 電話を受けられなかった: the guide counts calls that rang out and forwarded calls (不在時の呼びきり、転送呼). A switch
   * without default, so that a new outcome does not compile until it is placed here.
   */
  private static boolean isUnanswered(CallOutcome outcome) {
    return switch (outcome) {
      case NOT_ANSWERED, FORWARDED -> true;
      case ANSWERED -> false;
    };
  }
}
