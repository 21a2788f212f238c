package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Even ports from the range, never twice at once, back when the call ends. */
class RtpPortPoolTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<DatagramSocket> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(DatagramSocket::close);
  }

  private DatagramSocket open(RtpPortPool pool) throws IOException {
    DatagramSocket s = pool.open();
    opened.add(s);
    return s;
  }

  /** A free range of {@code size} ports starting at an even port, found by trying. */
  private static int freeRange(int size) throws IOException {
    for (int base = 41000; base < 60000; base += 200) {
      List<DatagramSocket> probes = new ArrayList<>();
      try {
        for (int p = base; p < base + size; p++) {
          probes.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, p)));
        }
        return base;
      } catch (IOException taken) {
        // try the next range
      } finally {
        probes.forEach(DatagramSocket::close);
      }
    }
    throw new IOException("no free port range for the test");
  }

  @Test
  void handsOutEvenPortsRoundRobinAndTakesThemBack() throws Exception {
    int base = freeRange(6);
    RtpPortPool pool = new RtpPortPool(LOOPBACK, base - 1, base + 5); // min rounds up to even
    DatagramSocket a = open(pool);
    DatagramSocket b = open(pool);
    DatagramSocket c = open(pool);
    assertThat(List.of(a.getLocalPort(), b.getLocalPort(), c.getLocalPort()))
        .containsExactly(base, base + 2, base + 4);
    assertThat(a.getLocalAddress()).isEqualTo(LOOPBACK);
    assertThat(pool.inUse()).isEqualTo(3);
    assertThatThrownBy(() -> open(pool))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No free RTP port in " + base + "-" + (base + 5))
        .hasMessageContaining("callmail.sip.rtp-port-min/max");

    b.close();
    b.close(); // twice is harmless
    assertThat(pool.inUse()).isEqualTo(2);
    assertThat(open(pool).getLocalPort()).isEqualTo(base + 2);
  }

  @Test
  void skipsAPortAnotherProgramHolds() throws Exception {
    int base = freeRange(4);
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, base))) {
      RtpPortPool pool = new RtpPortPool(LOOPBACK, base, base + 3);
      assertThat(open(pool).getLocalPort()).isEqualTo(base + 2);
      assertThat(pool.inUse()).isEqualTo(1);
      assertThatThrownBy(() -> open(pool)).isInstanceOf(IOException.class);
      assertThat(pool.inUse()).isEqualTo(1);
    }
  }

  @Test
  void neverHandsOutAPortTwiceUnderContention() throws Exception {
    int base = freeRange(40);
    RtpPortPool pool = new RtpPortPool(LOOPBACK, base, base + 39);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Callable<DatagramSocket>> tasks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tasks.add(pool::open);
      }
      Set<Integer> ports = new HashSet<>();
      for (Future<DatagramSocket> f : executor.invokeAll(tasks)) {
        DatagramSocket s = f.get();
        opened.add(s);
        ports.add(s.getLocalPort());
      }
      assertThat(ports).hasSize(20).allMatch(p -> p % 2 == 0);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void refusesARangeWithoutAnEvenPort() {
    assertThatThrownBy(() -> new RtpPortPool(LOOPBACK, 20001, 20001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20001-20001");
    assertThatThrownBy(() -> new RtpPortPool(LOOPBACK, 80, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
