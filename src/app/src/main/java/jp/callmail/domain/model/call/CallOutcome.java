package jp.callmail.domain.model.call;

/**
 * 着信状態: how a call to a service line ended (SPEC §3).
 *
 * <p>The domain's own type, not the SIP connector's: the adapter's enum is translated in {@code
 * infrastructure.sip}, so that the rules and the call log do not change when the adapter's contract
 * does. The constants' names are stored in the call log and shown by the API, so they match the
 * adapter's; the words a mail shows for them belong to the mail ({@code infrastructure.mail}).
 */
public enum CallOutcome {
  /** A 2xx final response (通話). */
  ANSWERED,
  /** A 3xx final response, a 181, or diversion signalled by History-Info or Diversion (転送). */
  FORWARDED,
  /** CANCEL/487, a 4xx/5xx/6xx final response, or no final response before timer C (応答なし). */
  NOT_ANSWERED
}
