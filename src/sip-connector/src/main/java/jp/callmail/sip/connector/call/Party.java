package jp.callmail.sip.connector.call;

/**
 * A party as a SIP header names it: the display name (unquoted, may be null) and the URI as text.
 * Kept free of JAIN-SIP types so that identity rules can be tested on their own.
 */
public record Party(String displayName, String uri) {

  public Party {
    displayName = displayName == null ? null : displayName.trim();
    uri = uri == null ? "" : uri.trim();
  }
}
