package jp.callmail.sip.api;

import java.util.List;

/**
 * The adapter's side of a routing change the application has just committed: the lines it created,
 * re-routed, gave or took options that change whether they are watched, or cancelled, so that the
 * change holds for the very next call rather than at the adapter's next refresh ({@link
 * CallListener#lineRoutes}, which stays the path for changes made by other instances).
 *
 * <p>The adapter publishes it on the platform MBean server under {@value #OBJECT_NAME} while it
 * runs; the application calls it through a typed proxy ({@code JMX.newMBeanProxy(server, name,
 * LineRoutingUpdates.class)}), never by an operation name in a string. Both sides load this
 * interface and {@link LineRoute} from the adapter, so the routes pass by reference.
 */
public interface LineRoutingUpdates {

  /** Where the adapter registers its implementation. */
  String OBJECT_NAME = "jp.callmail:type=LineRoutingUpdates";

  /**
   * Takes the routes of lines as the application committed them; unwatched ones included, so that
   * the adapter forgets what no longer holds. Returns at once: the adapter only updates its table.
   */
  void routesChanged(List<LineRoute> routes);
}
