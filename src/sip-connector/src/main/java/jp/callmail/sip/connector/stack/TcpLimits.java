package jp.callmail.sip.connector.stack;

import java.time.Duration;
import java.util.Properties;

/**
 * Limits on the SIP TCP connections that peers open to the proxy.
 *
 * <p>jain-sip-ri 1.3.0-91 has no per-source limit and no idle limit for its (blocking) TCP
 * listener: gov.nist.javax.sip.MAX_CONNECTIONS makes the listener stop accepting once it is
 * reached, so a stranger holding that many connections locks every peer out, and
 * NIO_MAX_SOCKET_IDLE_TIME applies only to the NIO listeners, which this proxy does not use. So
 * {@link BoundedTcpMessageProcessor} enforces these, and they reach it as stack properties that
 * {@code SipProxyServer} sets (the stack makes the listener and gives it only itself).
 *
 * @param maxConnections most connections from peers at once; a new one beyond is closed at once
 * @param maxPerSource most connections from one IP address at once
 * @param idle how long a connection may go without a message either way before it is closed
 */
public record TcpLimits(int maxConnections, int maxPerSource, Duration idle) {

  public static final String MAX_CONNECTIONS = "callmail.sip.tcp-max-connections";
  public static final String MAX_PER_SOURCE = "callmail.sip.tcp-max-connections-per-source";
  public static final String IDLE_SECONDS = "callmail.sip.tcp-idle-seconds";

  /** What the adapter uses unless configured; see README, "Configuration". */
  public static final TcpLimits DEFAULTS = new TcpLimits(2000, 100, Duration.ofSeconds(300));

  public TcpLimits {
    if (maxConnections < 1 || maxPerSource < 1) {
      throw new IllegalArgumentException(
          "TCP connection limits must be at least 1, not "
              + maxConnections
              + " / "
              + maxPerSource
              + " per source");
    }
    if (idle.toSeconds() < 1) {
      throw new IllegalArgumentException("TCP idle time must be at least a second, not " + idle);
    }
  }

  /** Sets these limits as stack properties, where the listener finds them. */
  public void writeTo(Properties stackProperties) {
    stackProperties.setProperty(MAX_CONNECTIONS, Integer.toString(maxConnections));
    stackProperties.setProperty(MAX_PER_SOURCE, Integer.toString(maxPerSource));
    stackProperties.setProperty(IDLE_SECONDS, Long.toString(idle.toSeconds()));
  }

  /** The limits in the stack properties, the defaults for what is missing. */
  static TcpLimits readFrom(Properties stackProperties) {
    return new TcpLimits(
        Integer.parseInt(
            stackProperties.getProperty(
                MAX_CONNECTIONS, Integer.toString(DEFAULTS.maxConnections()))),
        Integer.parseInt(
            stackProperties.getProperty(MAX_PER_SOURCE, Integer.toString(DEFAULTS.maxPerSource()))),
        Duration.ofSeconds(
            Long.parseLong(
                stackProperties.getProperty(
                    IDLE_SECONDS, Long.toString(DEFAULTS.idle().toSeconds())))));
  }
}
