package jp.callmail.sip.connector.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The UDP listener's queue hands the messages of calls in progress to the workers before new work,
 * and keeps neither too many datagrams nor stale ones.
 */
class DatagramLanesTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);

  private DatagramQueuedMessageDispatch datagram(String firstLine) {
    byte[] bytes =
        (firstLine + "\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    return new DatagramQueuedMessageDispatch(
        new DatagramPacket(bytes, bytes.length, new InetSocketAddress("192.0.2.1", 5060)),
        clock.get());
  }

  private static String firstLine(DatagramQueuedMessageDispatch message) {
    String text = new String(message.packet.getData(), StandardCharsets.US_ASCII);
    return text.substring(0, text.indexOf("\r\n"));
  }

  @Test
  void responsesAndRequestsOfCallsInProgressGoBeforeNewWork() throws Exception {
    DatagramLanes lanes = new DatagramLanes(100, 4000, clock::get);
    for (String line :
        List.of(
            "INVITE sip:0312340000@192.0.2.9 SIP/2.0",
            "OPTIONS sip:192.0.2.9 SIP/2.0",
            "SIP/2.0 180 Ringing",
            "ACK sip:0312340000@192.0.2.9 SIP/2.0",
            "INVITE sip:0312340001@192.0.2.9 SIP/2.0",
            "BYE sip:callee@192.0.2.3 SIP/2.0",
            "CANCEL sip:0312340000@192.0.2.9 SIP/2.0",
            "SIP/2.0 200 OK",
            "PRACK sip:callee@192.0.2.3 SIP/2.0")) {
      assertThat(lanes.offer(datagram(line))).isTrue();
    }
    List<String> taken = new ArrayList<>();
    while (!lanes.isEmpty()) {
      taken.add(firstLine(lanes.take()));
    }
    assertThat(taken)
        .containsExactly(
            "SIP/2.0 180 Ringing",
            "ACK sip:0312340000@192.0.2.9 SIP/2.0",
            "BYE sip:callee@192.0.2.3 SIP/2.0",
            "CANCEL sip:0312340000@192.0.2.9 SIP/2.0",
            "SIP/2.0 200 OK",
            "PRACK sip:callee@192.0.2.3 SIP/2.0",
            "INVITE sip:0312340000@192.0.2.9 SIP/2.0",
            "OPTIONS sip:192.0.2.9 SIP/2.0",
            "INVITE sip:0312340001@192.0.2.9 SIP/2.0");
  }

  @Test
  void staleDatagramsAreDropped() throws Exception {
    DatagramLanes lanes = new DatagramLanes(100, 4000, clock::get);
    lanes.offer(datagram("INVITE sip:0312340000@192.0.2.9 SIP/2.0"));
    clock.addAndGet(3000);
    lanes.offer(datagram("INVITE sip:0312340001@192.0.2.9 SIP/2.0"));
    clock.addAndGet(1200); // the first waited 4.2 s, the second 1.2 s

    assertThat(firstLine(lanes.take())).isEqualTo("INVITE sip:0312340001@192.0.2.9 SIP/2.0");
    assertThat(lanes.droppedStale()).isEqualTo(1);
    assertThat(lanes.poll(10, TimeUnit.MILLISECONDS)).as("empty").isNull();
  }

  @Test
  void aBurstThatDrainsMakesNothingLate() throws Exception {
    DatagramLanes lanes = new DatagramLanes(100, 4000, clock::get);
    for (int i = 0; i < 10; i++) {
      lanes.offer(datagram("INVITE sip:031234000" + i + "@192.0.2.9 SIP/2.0"));
    }
    clock.addAndGet(1900); // a pause: every one waited 1.9 s, the queue then drains
    for (int i = 0; i < 10; i++) {
      lanes.take();
      assertThat(ReceptionDelay.lateMillis()).isZero();
    }
    lanes.offer(datagram("INVITE sip:0312340010@192.0.2.9 SIP/2.0"));
    clock.addAndGet(5);
    lanes.take();
    assertThat(ReceptionDelay.lateMillis()).isZero();
    assertThat(lanes.behind()).isFalse();
  }

  @Test
  void newWorkWaitingOverTheTargetForTheIntervalIsLateUntilTheLaneDrains() throws Exception {
    DatagramLanes lanes = new DatagramLanes(1000, 4000, clock::get);
    // Taken as fast as offered, but 600 ms behind: a standing queue.
    long firstLate = -1;
    for (int ms = 0; ms < 2800; ms += 10) {
      lanes.offer(datagram("INVITE sip:0312340000@192.0.2.9 SIP/2.0"));
      if (ms >= 600) {
        lanes.take();
        if (firstLate < 0 && ReceptionDelay.lateMillis() > 0) {
          firstLate = ms;
          assertThat(ReceptionDelay.lateMillis()).isEqualTo(600);
        }
      }
      clock.addAndGet(10);
    }
    assertThat(firstLate)
        .as("late once the lane has waited 500 ms or more for two seconds (from 500 ms on)")
        .isBetween(2490L, 2510L);
    assertThat(lanes.behind()).isTrue();
    lanes.take();
    assertThat(ReceptionDelay.lateMillis()).isEqualTo(600);
    lanes.offer(datagram("SIP/2.0 200 OK"));
    lanes.take();
    assertThat(ReceptionDelay.lateMillis()).as("a response is never late").isZero();

    while (lanes.poll() != null) {
      // the proxy sheds the rest quickly
    }
    lanes.offer(datagram("INVITE sip:0312340001@192.0.2.9 SIP/2.0"));
    clock.addAndGet(30);
    lanes.take();
    assertThat(ReceptionDelay.lateMillis()).as("drained").isZero();
    assertThat(lanes.behind()).isFalse();
  }

  @Test
  void newWorkMayFillHalfTheQueueCallsInProgressTheRest() {
    DatagramLanes lanes = new DatagramLanes(10, 4000, clock::get);
    int admitted = 0;
    for (int i = 0; i < 8; i++) {
      if (lanes.offer(datagram("INVITE sip:03123400" + i + "@192.0.2.9 SIP/2.0"))) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
    assertThat(lanes.newWorkQueued()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(lanes.offer(datagram("SIP/2.0 200 OK"))).isTrue();
    }
    assertThat(lanes.offer(datagram("BYE sip:callee@192.0.2.3 SIP/2.0"))).as("full").isFalse();
    assertThat(lanes.size()).isEqualTo(10);
    assertThat(lanes.droppedFull()).isEqualTo(4);
  }

  @Test
  void aWorkerWaitingForWorkIsWokenByTheNextDatagram() throws Exception {
    DatagramLanes lanes = new DatagramLanes(10, 4000, clock::get);
    Thread listener =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              lanes.offer(datagram("SIP/2.0 180 Ringing"));
            });
    listener.start();
    assertThat(firstLine(lanes.take())).isEqualTo("SIP/2.0 180 Ringing");
    listener.join();
  }
}
