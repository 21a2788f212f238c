package jp.callmail.application;

import java.time.Instant;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.sip.api.LineRoute;

/** A service line as the SIP connector sees it. */
final class ServiceLineRoutes {

  private ServiceLineRoutes() {}

  static LineRoute of(ServiceLine line) {
    return new LineRoute(line.getPhoneNumber(), line.isWatched(), line.getDownstreamRoute());
  }

  /** From a row of {@link ServiceLine#ROUTES}. */
  static LineRoute of(Object[] row) {
    return new LineRoute((String) row[0], ServiceLine.isWatched((Instant) row[1], (Boolean) row[2], (Boolean) row[3]),
        (String) row[4]);
  }
}
