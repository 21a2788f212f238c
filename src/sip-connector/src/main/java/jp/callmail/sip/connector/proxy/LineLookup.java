package jp.callmail.sip.connector.proxy;

import jp.callmail.sip.api.LineRoute;

/** Answers whether a called number is watched and where its calls go; owned by the application. */
@FunctionalInterface
public interface LineLookup {

  /** Never null: an unknown number is {@link LineRoute#unwatched(String)}. */
  LineRoute lookup(String calledNumber);
}
