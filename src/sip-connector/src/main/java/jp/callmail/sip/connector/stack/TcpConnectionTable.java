package jp.callmail.sip.connector.stack;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The TCP connections peers have open, counted in total and per source address, with the time of
 * each one's last message: what {@link BoundedTcpMessageProcessor} needs to refuse a connection
 * over the limits and to close idle ones.
 */
final class TcpConnectionTable {

  private final TcpLimits limits;
  private final LongSupplier nanoClock;
  private final Map<Socket, Connection> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, Integer> perSource = new HashMap<>();

  private static final class Connection {
    final InetAddress source;
    volatile long lastActivity;

    Connection(InetAddress source, long now) {
      this.source = source;
      this.lastActivity = now;
    }
  }

  TcpConnectionTable(TcpLimits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.nanoClock = nanoClock;
  }

  /** Counts a new connection in; returns null when it may stay, else why it may not. */
  synchronized String admit(Socket socket) {
    InetAddress source = socket.getInetAddress();
    if (open.size() >= limits.maxConnections()) {
      return limits.maxConnections() + " connections open (" + TcpLimits.MAX_CONNECTIONS + ")";
    }
    int fromSource = perSource.getOrDefault(source, 0);
    if (fromSource >= limits.maxPerSource()) {
      return fromSource
          + " connections open from "
          + source.getHostAddress()
          + " ("
          + TcpLimits.MAX_PER_SOURCE
          + ")";
    }
    open.put(socket, new Connection(source, nanoClock.getAsLong()));
    perSource.put(source, fromSource + 1);
    return null;
  }

  /** A message went in or out on the connection. */
  void touch(Socket socket) {
    Connection connection = open.get(socket);
    if (connection != null) {
      connection.lastActivity = nanoClock.getAsLong();
    }
  }

  /** The connection is closed: it no longer counts. Harmless when repeated. */
  synchronized void closed(Socket socket) {
    Connection connection = open.remove(socket);
    if (connection != null) {
      perSource.computeIfPresent(
          connection.source, (source, count) -> count > 1 ? count - 1 : null);
    }
  }

  /** Forgets closed connections; returns (and forgets) those idle longer than the limit. */
  List<Socket> sweep() {
    long now = nanoClock.getAsLong();
    long idleNanos = limits.idle().toNanos();
    List<Socket> idle = new ArrayList<>();
    for (Map.Entry<Socket, Connection> entry : open.entrySet()) {
      Socket socket = entry.getKey();
      if (socket.isClosed()) {
        closed(socket);
      } else if (now - entry.getValue().lastActivity > idleNanos) {
        idle.add(socket);
        closed(socket);
      }
    }
    return idle;
  }

  synchronized int size() {
    return open.size();
  }
}
