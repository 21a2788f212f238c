package jp.callmail.sip.api;

/** 着信状態: how a call to a watched number ended (SPEC §3). */
public enum CallOutcome {
  /** A 2xx final response. */
  ANSWERED("通話"),
  /** A 3xx final response, a 181, or diversion signalled by History-Info or Diversion. */
  FORWARDED("転送"),
  /** CANCEL/487, a 4xx/5xx/6xx final response, or no final response before timer C. */
  NOT_ANSWERED("応答なし");

  private final String label;

  CallOutcome(String label) {
    this.label = label;
  }

  /** The exact Japanese text shown in mails and logs. */
  public String label() {
    return label;
  }
}
