package jp.callmail.sip.connector.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A test UA's socket: sends messages built byte by byte and records every message it receives, in
 * order. UDP uses one datagram socket; TCP listens (for requests a proxy sends to a callee) and
 * connects (for a caller), reads each connection with Content-Length framing and answers a request
 * on the connection it came in on. Loopback only.
 */
abstract class RawSipEndpoint implements AutoCloseable {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  final String name;

  /** The loopback address it binds: 127.0.0.1, or another one to play a stranger. */
  final InetAddress address;

  final List<SipTestMessage> received = new CopyOnWriteArrayList<>();

  /** Bytes that arrived and were not a SIP message (or could not be framed). */
  final List<String> garbage = new CopyOnWriteArrayList<>();

  volatile boolean closed;

  RawSipEndpoint(String name, InetAddress address) {
    this.name = name;
    this.address = address;
  }

  static RawSipEndpoint open(String transport, String name) throws IOException {
    return open(transport, name, LOOPBACK);
  }

  /** An endpoint on another address, e.g. 127.0.0.2: a source that is no peer of the proxy. */
  static RawSipEndpoint open(String transport, String name, InetAddress address)
      throws IOException {
    return switch (transport) {
      case "udp" -> new Udp(name, address, 0);
      case "tcp" -> new Tcp(name, address, 0);
      default -> throw new IllegalArgumentException(transport);
    };
  }

  String host() {
    return address.getHostAddress();
  }

  abstract String transport();

  abstract int port();

  /**
   * Sends a message to an address (a TCP endpoint connects on first use and keeps the connection).
   */
  abstract void send(SipTestMessage message, InetSocketAddress to) throws IOException;

  /** Sends raw bytes, unchanged. */
  abstract void sendBytes(byte[] bytes, InetSocketAddress to) throws IOException;

  /** Answers a received request where it came from (its datagram source or its TCP connection). */
  abstract void reply(SipTestMessage request, SipTestMessage response) throws IOException;

  @Override
  public abstract void close();

  String viaTransport() {
    return transport().toUpperCase(Locale.ROOT);
  }

  String via(String branch) {
    return "SIP/2.0/" + viaTransport() + " " + host() + ":" + port() + ";branch=" + branch;
  }

  /** A SIP URI that reaches this endpoint. */
  String uri(String user) {
    return "sip:"
        + (user == null ? "" : user + "@")
        + host()
        + ":"
        + port()
        + ";transport="
        + transport();
  }

  /** Called on the reading thread after each message is recorded (e.g. a sink that answers). */
  volatile java.util.function.Consumer<SipTestMessage> onReceive;

  void record(SipTestMessage message, Object origin) {
    message.origin = origin;
    message.receivedNanos = System.nanoTime();
    received.add(message);
    java.util.function.Consumer<SipTestMessage> hook = onReceive;
    if (hook != null) {
      try {
        hook.accept(message);
      } catch (RuntimeException e) {
        garbage.add("hook failed on " + message.startLine() + ": " + e);
      }
    }
  }

  Optional<SipTestMessage> find(Predicate<SipTestMessage> predicate) {
    return received.stream().filter(predicate).findFirst();
  }

  long count(Predicate<SipTestMessage> predicate) {
    return received.stream().filter(predicate).count();
  }

  /** Waits (polling) for the first received message that matches; fails listing what did arrive. */
  SipTestMessage await(String what, Predicate<SipTestMessage> predicate, Duration timeout) {
    try {
      return Awaitility.await(name + " receives " + what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> find(predicate), Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          name + " did not receive " + what + " within " + timeout + "; " + dump(), e);
    }
  }

  String dump() {
    StringBuilder out = new StringBuilder(name + " received " + received.size() + " message(s):\n");
    for (SipTestMessage m : received) {
      out.append("  ").append(m.startLine()).append("  [").append(m.callId()).append("]\n");
    }
    return out.toString();
  }

  static Predicate<SipTestMessage> request(String method, String callId) {
    return m -> m.isRequest(method) && callId.equals(m.callId());
  }

  static Predicate<SipTestMessage> response(int status, String method, String callId) {
    return m -> m.isResponse(status, method) && callId.equals(m.callId());
  }

  static Predicate<SipTestMessage> finalResponse(String method, String callId) {
    return m ->
        m.isResponse()
            && m.status() >= 200
            && method.equals(m.cseqMethod())
            && callId.equals(m.callId());
  }

  // ================================================================== UDP

  static final class Udp extends RawSipEndpoint {
    final DatagramSocket socket;
    private final Thread reader;

    /** Binds 127.0.0.1 at the port (0 for any free one). */
    Udp(String name, int port) throws SocketException {
      this(name, LOOPBACK, port);
    }

    Udp(String name, InetAddress address, int port) throws SocketException {
      super(name, address);
      socket = new DatagramSocket(null);
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(address, port));
      reader = new Thread(this::readLoop, "test-udp-" + name + "-" + socket.getLocalPort());
      reader.setDaemon(true);
      reader.start();
    }

    private void readLoop() {
      byte[] buffer = new byte[65536];
      while (!closed) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (IOException e) {
          if (closed) {
            return;
          }
          continue; // e.g. ICMP port unreachable reported on the socket
        }
        SipTestMessage message = null;
        try {
          message = SipTestMessage.parse(packet.getData(), packet.getOffset(), packet.getLength());
        } catch (RuntimeException e) {
          // recorded as garbage below
        }
        if (message != null) {
          record(message, packet.getSocketAddress());
        } else if (!new String(
                packet.getData(),
                packet.getOffset(),
                packet.getLength(),
                StandardCharsets.ISO_8859_1)
            .isBlank()) {
          garbage.add(
              new String(
                  packet.getData(),
                  packet.getOffset(),
                  packet.getLength(),
                  StandardCharsets.ISO_8859_1));
        }
      }
    }

    @Override
    String transport() {
      return "udp";
    }

    @Override
    int port() {
      return socket.getLocalPort();
    }

    @Override
    void send(SipTestMessage message, InetSocketAddress to) throws IOException {
      sendBytes(message.encode(), to);
    }

    @Override
    void sendBytes(byte[] bytes, InetSocketAddress to) throws IOException {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Override
    void reply(SipTestMessage request, SipTestMessage response) throws IOException {
      byte[] bytes = response.encode();
      socket.send(new DatagramPacket(bytes, bytes.length, (java.net.SocketAddress) request.origin));
    }

    @Override
    public void close() {
      closed = true;
      socket.close();
    }
  }

  // ================================================================== TCP

  static final class Tcp extends RawSipEndpoint {
    private static final Pattern CONTENT_LENGTH =
        Pattern.compile("(?im)^(?:content-length|l)[ \\t]*:[ \\t]*(\\d+)[ \\t]*$");

    final ServerSocket listener;
    private final Map<InetSocketAddress, Connection> outgoing = new ConcurrentHashMap<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    Tcp(String name) throws IOException {
      this(name, LOOPBACK, 0);
    }

    /** Listens on 127.0.0.1 at the port (0 for any free one). */
    Tcp(String name, int port) throws IOException {
      this(name, LOOPBACK, port);
    }

    Tcp(String name, InetAddress address, int port) throws IOException {
      super(name, address);
      listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(address, port));
      Thread acceptor =
          new Thread(this::acceptLoop, "test-tcp-accept-" + name + "-" + listener.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptLoop() {
      while (!closed) {
        try {
          Socket socket = listener.accept();
          connections.add(new Connection(this, socket));
        } catch (IOException e) {
          if (closed) {
            return;
          }
        }
      }
    }

    @Override
    String transport() {
      return "tcp";
    }

    @Override
    int port() {
      return listener.getLocalPort();
    }

    /** The connection to a peer, opened on first use. */
    Connection connectionTo(InetSocketAddress to) throws IOException {
      Connection existing = outgoing.get(to);
      if (existing != null && !existing.isClosed()) {
        return existing;
      }
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(address, 0)); // the source address the proxy sees
      socket.connect(to, 2000);
      Connection connection = new Connection(this, socket);
      connections.add(connection);
      outgoing.put(to, connection);
      return connection;
    }

    @Override
    void send(SipTestMessage message, InetSocketAddress to) throws IOException {
      connectionTo(to).write(message.encode());
    }

    @Override
    void sendBytes(byte[] bytes, InetSocketAddress to) throws IOException {
      connectionTo(to).write(bytes);
    }

    @Override
    void reply(SipTestMessage request, SipTestMessage response) throws IOException {
      ((Connection) request.origin).write(response.encode());
    }

    boolean anyConnectionClosedByPeer() {
      return connections.stream().anyMatch(c -> c.closedByPeer);
    }

    @Override
    public void close() {
      closed = true;
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      for (Connection c : connections) {
        c.close();
      }
    }

    /** One TCP connection, read on its own thread with Content-Length framing. */
    static final class Connection {
      private final Tcp owner;
      final Socket socket;
      private final OutputStream out;
      volatile boolean closedByPeer;

      Connection(Tcp owner, Socket socket) throws IOException {
        this.owner = owner;
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        Thread t =
            new Thread(
                this::readLoop,
                "test-tcp-" + owner.name + "-" + socket.getLocalPort() + "-" + socket.getPort());
        t.setDaemon(true);
        t.start();
      }

      synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
      }

      boolean isClosed() {
        return socket.isClosed() || closedByPeer;
      }

      void close() {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }

      private void readLoop() {
        try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
          while (true) {
            byte[] head = readHead(in);
            if (head == null) {
              closedByPeer = !owner.closed;
              return;
            }
            String headText = new String(head, StandardCharsets.UTF_8);
            Matcher m = CONTENT_LENGTH.matcher(headText);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            byte[] whole = new byte[head.length + length];
            System.arraycopy(head, 0, whole, 0, head.length);
            int read = 0;
            while (read < length) {
              int n = in.read(whole, head.length + read, length - read);
              if (n < 0) {
                owner.garbage.add(headText);
                closedByPeer = !owner.closed;
                return;
              }
              read += n;
            }
            SipTestMessage message = SipTestMessage.parse(whole);
            if (message != null) {
              owner.record(message, this);
            }
          }
        } catch (IOException e) {
          closedByPeer = !owner.closed;
        }
      }

      /**
       * Reads through the blank line that ends the headers; skips CRLF keep-alives; null at end of
       * stream.
       */
      private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (true) {
          int b = in.read();
          if (b < 0) {
            return null;
          }
          if (buffer.size() == 0 && (b == '\r' || b == '\n')) {
            continue; // keep-alive between messages
          }
          buffer.write(b);
          matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == 4) {
            return buffer.toByteArray();
          }
        }
      }
    }
  }

  static List<String> startLines(List<SipTestMessage> messages) {
    List<String> lines = new ArrayList<>();
    for (SipTestMessage m : messages) {
      lines.add(m.startLine());
    }
    return lines;
  }
}
