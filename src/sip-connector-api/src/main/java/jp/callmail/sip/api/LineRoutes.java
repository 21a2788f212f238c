package jp.callmail.sip.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The application's answer to {@link CallListener#lineRoutes(Instant)}: the routes of the lines
 * that changed, as of a moment the adapter passes back on its next request.
 *
 * @param asOf when the application read the routes; the next request asks for changes since then
 * @param routes the routes of every line that changed since the requested moment (or of every
 *     line), unwatched ones included so that the adapter forgets what no longer holds
 */
public record LineRoutes(Instant asOf, List<LineRoute> routes) implements Serializable {

  public LineRoutes {
    Objects.requireNonNull(asOf, "asOf");
    routes = List.copyOf(routes);
  }
}
