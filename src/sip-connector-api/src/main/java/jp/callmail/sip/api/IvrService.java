package jp.callmail.sip.api;

/** The option whose temporary password a caller sets through the IVR (SPEC §6, step 1). */
public enum IvrService {
  /** Key 0: 着信お知らせメール. */
  CALL_MAIL,
  /** Key 1: FAXお知らせメール. */
  FAX_MAIL
}
