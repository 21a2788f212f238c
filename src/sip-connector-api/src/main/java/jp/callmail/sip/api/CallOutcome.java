package jp.callmail.sip.api;

/**
 * 着信状態: how a call to a watched number ended (SPEC §3). The application translates it into its own
 * domain type; the words a mail shows for it are the application's, not the adapter's.
 */
public enum CallOutcome {
  /** A 2xx final response. */
  ANSWERED,
  /** A 3xx final response, a 181, or diversion signalled by History-Info or Diversion. */
  FORWARDED,
  /** CANCEL/487, a 4xx/5xx/6xx final response, or no final response before timer C. */
  NOT_ANSWERED
}
