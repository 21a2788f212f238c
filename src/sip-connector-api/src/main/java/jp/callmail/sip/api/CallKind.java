package jp.callmail.sip.api;

/** What a call carried, as its signalling showed it (SPEC §4). */
public enum CallKind {
  /** Any call whose session never became T.38. */
  VOICE,
  /**
   * A call whose session is T.38: an INVITE or re-INVITE whose SDP offer or answer has {@code
   * m=image <port> udptl t38}.
   */
  FAX
}
