package jp.callmail.infrastructure.sip;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.lang.management.ManagementFactory;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import jp.callmail.application.LineDirectoryService;
import jp.callmail.application.LineRoutingChanged;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutingUpdates;

/**
 * Hands the routing changes this instance commits to its SIP connector's line table, so that a line
 * created, re-routed or cancelled here holds for the very next call; other instances read the
 * change at their next refresh, which also catches anything lost here.
 *
 * <p>The connector is reached through the API's {@link LineRoutingUpdates}, published by the
 * adapter on the platform MBean server and called through a typed proxy: a standalone resource
 * adapter and the application share no object but what the container hands over, and an inbound
 * adapter gets no connection factory to look up. A JCA administered object would do the same with
 * more container configuration.
 */
@ApplicationScoped
public class LineRoutingPublisher {

  private static final Logger LOG = Logger.getLogger(LineRoutingPublisher.class.getName());

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) LineRoutingChanged event) {
    List<LineRoute> routes = event.routings().stream().map(LineDirectoryService::route).toList();
    try {
      lineTable().routesChanged(routes);
    } catch (UndeclaredThrowableException e) {
      if (e.getCause() instanceof InstanceNotFoundException) {
        LOG.fine(() -> "No SIP connector line table to tell of " + numbers(routes));
      } else {
        notPublished(routes, e.getCause());
      }
    } catch (RuntimeException e) {
      notPublished(routes, e);
    }
  }

  private static LineRoutingUpdates lineTable() {
    try {
      return JMX.newMBeanProxy(
          ManagementFactory.getPlatformMBeanServer(),
          new ObjectName(LineRoutingUpdates.OBJECT_NAME),
          LineRoutingUpdates.class);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void notPublished(List<LineRoute> routes, Throwable why) {
    LOG.log(
        Level.WARNING,
        why,
        () ->
            "Routes of "
                + numbers(routes)
                + " not published at once; the line table reads them at its next refresh");
  }

  private static String numbers(List<LineRoute> routes) {
    return routes.size() <= 5
        ? routes.stream().map(LineRoute::number).toList().toString()
        : routes.size() + " lines";
  }
}
