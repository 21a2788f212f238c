package jp.callmail.sip.connector.proxy;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The connector's MBeans on the platform MBean server, where the application finds them. */
public final class PlatformMBeans {

  private PlatformMBeans() {}

  /** Registers {@code bean}, replacing one left by an adapter that did not stop cleanly. */
  public static void register(String objectName, Object bean) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(objectName);
    if (server.isRegistered(name)) {
      server.unregisterMBean(name);
    }
    server.registerMBean(bean, name);
  }

  /** Unregisters the bean of that name; false when there was none. */
  public static boolean unregister(String objectName) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(objectName));
      return true;
    } catch (JMException | RuntimeException e) {
      return false;
    }
  }
}
