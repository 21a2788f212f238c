package jp.callmail.sip.connector.trust;

/** What a network element is to callmail. */
public enum PeerRole {
  /** The carrier side that sends calls and asserts identity (P-Asserted-Identity is believed). */
  UPSTREAM,
  /** Where calls go: next hops, office equipment; may send in-dialog requests and responses. */
  DOWNSTREAM
}
