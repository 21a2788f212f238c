package jp.callmail.domain.model.mail;

/** Why a mail is sent. */
public enum MailKind {
  /** 着信お知らせメール for a call. */
  CALL,
  /** テストメール requested from the portal or the API. */
  TEST,
  /** 仮パスワード設定のお知らせ: the line's temporary password was set (to every address). */
  PASSWORD_NOTICE
}
