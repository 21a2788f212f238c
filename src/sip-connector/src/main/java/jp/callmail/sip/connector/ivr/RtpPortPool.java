package jp.callmail.sip.connector.ivr;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out the IVR's RTP ports: even ports of a configured range on the media address.
 *
 * <p>RTP takes even ports, leaving the odd one above for RTCP (RFC 3550 §11). Ports are tried
 * round-robin rather than lowest-first, so a port just released is not reused at once and stray
 * packets from the previous call's peer do not reach the next call. A port held by another program
 * is skipped. The socket's {@code close()} gives the port back. Thread-safe.
 */
public final class RtpPortPool {

  /** Default range, configured by {@code callmail.sip.rtp-port-min} / {@code -max}. */
  public static final int DEFAULT_MIN = 20000;

  public static final int DEFAULT_MAX = 20999;

  private final InetAddress localAddress;
  private final int min;
  private final int max;
  private final int size;
  private final AtomicInteger next = new AtomicInteger();
  private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

  /**
   * @param localAddress the address the sockets bind to, the one the SDP names
   * @param min the lowest port; rounded up to even
   * @param max the highest port
   */
  public RtpPortPool(InetAddress localAddress, int min, int max) {
    this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
    this.min = min + (min & 1);
    this.max = max;
    if (min < 1024 || max > 65535 || this.min > max) {
      throw new IllegalArgumentException(
          "RTP port range "
              + min
              + "-"
              + max
              + " must lie within 1024-65535 and hold an even port");
    }
    this.size = (max - this.min) / 2 + 1;
  }

  /**
   * A socket bound to a free even port; closing it releases the port.
   *
   * @throws IOException when every port of the range is taken
   */
  public DatagramSocket open() throws IOException {
    for (int attempt = 0; attempt < size; attempt++) {
      int port = min + 2 * Math.floorMod(next.getAndIncrement(), size);
      if (!inUse.add(port)) {
        continue;
      }
      try {
        return new PooledSocket(port);
      } catch (BindException taken) {
        inUse.remove(port); // another program has it
      } catch (IOException | RuntimeException e) {
        inUse.remove(port);
        throw e;
      }
    }
    throw new IOException(
        "No free RTP port in "
            + min
            + "-"
            + max
            + " on "
            + localAddress.getHostAddress()
            + ": all "
            + size
            + " even ports are in use; widen callmail.sip.rtp-port-min/max");
  }

  /** How many ports are handed out now. */
  public int inUse() {
    return inUse.size();
  }

  public InetAddress localAddress() {
    return localAddress;
  }

  private final class PooledSocket extends DatagramSocket {
    private final int port;
    private final AtomicBoolean released = new AtomicBoolean();

    PooledSocket(int port) throws SocketException {
      super((SocketAddress) null);
      this.port = port;
      try {
        bind(new InetSocketAddress(localAddress, port));
      } catch (SocketException e) {
        released.set(true); // the caller gives the port back itself
        super.close();
        throw e;
      }
    }

    @Override
    public void close() {
      super.close();
      if (released.compareAndSet(false, true)) {
        inUse.remove(port);
      }
    }
  }
}
