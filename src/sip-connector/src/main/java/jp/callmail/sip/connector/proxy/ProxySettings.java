package jp.callmail.sip.connector.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import jp.callmail.sip.connector.trust.Peers;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * What the proxy needs to know about its place in the network.
 *
 * @param listenAddress IP address the proxy listens on and puts in Via and Record-Route
 * @param port SIP port for all transports
 * @param transports transports to listen on, lower case ({@code udp}, {@code tcp})
 * @param defaultNextHop SIP URI for requests with no Route and no line route, or null to route by
 *     the Request-URI
 * @param peers the network elements the proxy talks to; requests from anyone else are refused
 * @param dropStrangers true to drop a stranger's requests silently instead of answering 403
 * @param routeToken marks the proxy's Record-Route entries (in-dialog requests prove their dialog)
 * @param timerC how long an INVITE may go without a final response (RFC 3261 §16.6 step 11)
 * @param maxServerTransactions most server transactions the stack may hold (calls in progress, and
 *     finished transactions kept for retransmissions, 32 s over UDP) before a new call is answered
 *     503 at once, leaving no state: overload must not exhaust the heap
 */
public record ProxySettings(
    String listenAddress,
    int port,
    List<String> transports,
    String defaultNextHop,
    Peers peers,
    boolean dropStrangers,
    RouteToken routeToken,
    Duration timerC,
    int maxServerTransactions) {

  public ProxySettings {
    Objects.requireNonNull(listenAddress, "listenAddress");
    transports = List.copyOf(transports);
    Objects.requireNonNull(peers, "peers");
    Objects.requireNonNull(routeToken, "routeToken");
    Objects.requireNonNull(timerC, "timerC");
    if (defaultNextHop != null && defaultNextHop.isBlank()) {
      defaultNextHop = null;
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("SIP port must be 1-65535, not " + port);
    }
    if (maxServerTransactions < 1) {
      throw new IllegalArgumentException(
          "max-server-transactions must be at least 1, not " + maxServerTransactions);
    }
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("at least one transport (udp, tcp) is needed");
    }
    for (String t : transports) {
      if (!t.equals("udp") && !t.equals("tcp")) {
        throw new IllegalArgumentException("unsupported transport '" + t + "': use udp and/or tcp");
      }
    }
  }
}
