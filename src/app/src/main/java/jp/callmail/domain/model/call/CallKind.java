package jp.callmail.domain.model.call;

/**
 * What a call carried (SPEC §4): a voice call, or a fax call — one whose session became T.38.
 *
 * <p>The domain's own type, like {@link CallOutcome}: the SIP connector's enum is translated in
 * {@code infrastructure.sip}. The names are stored in the call log and shown by the API.
 */
public enum CallKind {
  /** A call whose session never became T.38. */
  VOICE,
  /** A call whose session is T.38 (from its INVITE or after a re-INVITE). */
  FAX;

  /** The kind a call has once both are known: a call never turns back from fax. */
  public CallKind and(CallKind other) {
    return this == FAX || other == FAX ? FAX : VOICE;
  }
}
