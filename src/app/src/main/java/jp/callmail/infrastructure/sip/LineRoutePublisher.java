package jp.callmail.infrastructure.sip;

import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.infrastructure.persistence.AfterCommit;

/**
 * Hands a service line's route to the SIP connector's line table once the transaction that wrote it
 * has committed, so that a line created, re-routed or cancelled here holds for the next call; other
 * instances read the change at their next refresh. The connector is reached over JMX
 * (jp.callmail:type=LineTable): the application and the adapter share no classes but the API.
 *
 * <p>A JPA entity listener of {@link ServiceLine}, registered in META-INF/orm.xml so that the
 * domain does not know of it.
 */
public class LineRoutePublisher {

  private static final Logger LOG = Logger.getLogger(LineRoutePublisher.class.getName());
  private static final String LINE_TABLE = "jp.callmail:type=LineTable";
  private static final String[] UPDATE_SIGNATURE = {
    String.class.getName(), boolean.class.getName(), String.class.getName()
  };

  @PostPersist
  @PostUpdate
  void written(ServiceLine line) {
    String number = line.getPhoneNumber();
    boolean watched = line.isWatched();
    String route = line.getDownstreamRoute();
    try {
      TransactionSynchronizationRegistry transaction =
          InitialContext.doLookup("java:comp/TransactionSynchronizationRegistry");
      AfterCommit.run(transaction, () -> publish(number, watched, route));
    } catch (NamingException | IllegalStateException e) {
      LOG.log(
          Level.FINE,
          e,
          () ->
              "Route of "
                  + number
                  + " not published at once; the line table reads it at its next refresh");
    }
  }

  private static void publish(String number, boolean watched, String route) {
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName(LINE_TABLE),
              "update",
              new Object[] {number, watched, route},
              UPDATE_SIGNATURE);
    } catch (InstanceNotFoundException e) {
      LOG.fine(() -> "No SIP connector line table to tell of " + number);
    } catch (JMException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          e,
          () ->
              "Route of "
                  + number
                  + " not published at once; the line table reads it at its next refresh");
    }
  }
}
