package jp.callmail.domain.model.line;

import java.time.Instant;

/**
 * A service line as call routing sees it: whether its calls are watched and where they go next.
 * Read without loading the line, for the SIP connector's line table (thousands of lines at start).
 *
 * @param number the line's number in national form
 * @param watched see {@link ServiceLine#isWatched()}
 * @param downstreamRoute the line's next hop, or null for the default
 */
public record LineRouting(String number, boolean watched, String downstreamRoute) {

  /**
   * From the line's columns, for a JPQL constructor expression: the types are the entity's fields'
   * exactly, and the watched rule is the entity's own.
   */
  public LineRouting(
      String number,
      Instant cancelledAt,
      boolean callMail,
      boolean faxMail,
      String downstreamRoute) {
    this(number, ServiceLine.isWatched(cancelledAt, callMail, faxMail), downstreamRoute);
  }
}
