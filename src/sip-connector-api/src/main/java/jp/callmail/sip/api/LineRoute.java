package jp.callmail.sip.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the application says about a called number: whether its calls are watched and the SIP URI of
 * the next hop for calls that carry no {@code Route} header.
 *
 * @param number called number in national form
 * @param watched true when the number is a service line whose calls are reported
 * @param downstreamRoute SIP URI of the line's next hop (e.g. {@code
 *     sip:10.0.0.5:5060;transport=udp}), or null to use the adapter's default next hop
 */
public record LineRoute(String number, boolean watched, String downstreamRoute)
    implements Serializable {

  public LineRoute {
    Objects.requireNonNull(number, "number");
    if (downstreamRoute != null && downstreamRoute.isBlank()) {
      downstreamRoute = null;
    }
  }

  /** A number that is not a service line: its calls are only proxied. */
  public static LineRoute unwatched(String number) {
    return new LineRoute(number, false, null);
  }
}
