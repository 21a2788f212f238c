package jp.callmail.application;

import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.WithheldReason;

/**
 * Port: the exact Japanese words for a call's 着信状態 and 非通知理由 (SPEC §3, §5), as the notice mail
 * prints them. The call log's screens, its API and the service log show the same words, so they are
 * taken from the mail ({@code infrastructure.mail.MailWords}) rather than written a second time.
 */
public interface CallWords {

  /** 着信状態: 通話, 転送 or 応答なし. */
  String outcome(CallOutcome outcome);

  /** 非通知理由: empty when the number is shown, else 非通知, 公衆 or 表示圏外. */
  String withheldReason(WithheldReason reason);
}
