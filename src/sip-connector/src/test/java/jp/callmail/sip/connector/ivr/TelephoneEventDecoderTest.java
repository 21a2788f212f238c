package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4733: each key press is reported exactly once, whatever the network did to its packets. */
class TelephoneEventDecoderTest {

  private static final int PT = 101;
  private static final long MS = 1_000_000;

  private final TelephoneEventDecoder decoder =
      new TelephoneEventDecoder(PT, Duration.ofMillis(500));
  private int sequence = 100;
  private long now = 1_000 * MS;

  private RtpPacket event(long timestamp, int code, boolean end, int duration) {
    return packet(PT, 0x1234, timestamp, new TelephoneEvent(code, end, 10, duration).encode());
  }

  private RtpPacket packet(int pt, long ssrc, long timestamp, byte[] payload) {
    return new RtpPacket(false, pt, sequence++ & 0xFFFF, timestamp, ssrc, payload);
  }

  private List<Character> feed(RtpPacket... packets) {
    List<Character> keys = new ArrayList<>();
    for (RtpPacket p : packets) {
      now += 20 * MS;
      keys.addAll(decoder.onPacket(p, now));
    }
    return keys;
  }

  /** A key press as phones send it: growing durations, then three end packets (§2.5.1.4). */
  private List<Character> press(long timestamp, int code) {
    return feed(
        event(timestamp, code, false, 160),
        event(timestamp, code, false, 320),
        event(timestamp, code, false, 480),
        event(timestamp, code, true, 640),
        event(timestamp, code, true, 640),
        event(timestamp, code, true, 640));
  }

  @Test
  void reportsAKeyOnceAtItsFirstEndPacket() {
    assertThat(feed(event(8000, 5, false, 160), event(8000, 5, false, 320))).isEmpty();
    assertThat(feed(event(8000, 5, true, 480))).containsExactly('5');
    assertThat(feed(event(8000, 5, true, 480), event(8000, 5, true, 480))).isEmpty();
  }

  @Test
  void readsEveryKey() {
    StringBuilder keys = new StringBuilder();
    for (int code = 0; code < 16; code++) {
      press(1000L * (code + 1), code).forEach(keys::append);
    }
    assertThat(keys).hasToString("0123456789*#ABCD");
  }

  @Test
  void theSameKeyTwiceIsTwoPresses() {
    assertThat(press(1000, 1)).containsExactly('1');
    assertThat(press(3000, 1)).containsExactly('1');
  }

  @Test
  void anEventWhoseEndPacketsWereLostIsReportedWhenTheNextBegins() {
    assertThat(feed(event(1000, 1, false, 160), event(1000, 1, false, 320))).isEmpty();
    assertThat(feed(event(3000, 2, false, 160))).containsExactly('1');
    assertThat(feed(event(3000, 2, true, 320))).containsExactly('2');
  }

  @Test
  void aLostEventAndAnEndOnlyEventReportBothAtOnce() {
    feed(event(1000, 1, false, 160));
    assertThat(feed(event(3000, 2, true, 320))).containsExactly('1', '2');
  }

  @Test
  void anEventWhoseEndPacketsWereLostIsReportedAfterSilence() {
    feed(event(1000, 7, false, 160));
    assertThat(decoder.flushIfStale(now + 499 * MS)).isEmpty();
    assertThat(decoder.flushIfStale(now + 500 * MS)).contains('7');
    assertThat(decoder.flushIfStale(now + 900 * MS)).isEmpty();
    assertThat(feed(event(1000, 7, true, 480))).as("its late end packet").isEmpty();
  }

  @Test
  void anEndedEventIsNotFlushedAgain() {
    press(1000, 3);
    assertThat(decoder.flushIfStale(now + 10_000 * MS)).isEmpty();
  }

  @Test
  void volumeAndDurationAreReadFromTheirFields() {
    TelephoneEvent e =
        TelephoneEvent.parse(new byte[] {11, (byte) 0xBF, (byte) 0xFF, (byte) 0xFE}).orElseThrow();
    assertThat(e).isEqualTo(new TelephoneEvent(11, true, 63, 0xFFFE));
    assertThat(e.key()).contains('#');
    TelephoneEvent reserved =
        TelephoneEvent.parse(new byte[] {1, 0x4A, 0, (byte) 160}).orElseThrow();
    assertThat(reserved)
        .as("the R bit is ignored")
        .isEqualTo(new TelephoneEvent(1, false, 10, 160));
  }

  @Test
  void unknownEventsAreIgnoredButStillEndTheEventBefore() {
    feed(event(1000, 4, false, 160));
    assertThat(feed(event(3000, 70, false, 160), event(3000, 70, true, 320))).containsExactly('4');
    assertThat(press(5000, 16)).isEmpty(); // flash
    assertThat(decoder.flushIfStale(now + 10_000 * MS)).isEmpty();
  }

  @Test
  void otherPayloadTypesAndShortPayloadsAreIgnored() {
    assertThat(feed(packet(0, 0x1234, 1000, new byte[160]))).isEmpty();
    assertThat(feed(packet(PT, 0x1234, 1000, new byte[] {5, (byte) 0x80}))).isEmpty();
  }

  @Test
  void aPayloadOfSeveralBlocksIsReadByItsFirst() {
    byte[] two = new byte[8];
    System.arraycopy(new TelephoneEvent(9, true, 10, 800).encode(), 0, two, 0, 4);
    System.arraycopy(new TelephoneEvent(3, true, 10, 800).encode(), 0, two, 4, 4);
    assertThat(feed(packet(PT, 0x1234, 1000, two))).containsExactly('9');
  }

  /**
   * A capture replayed as it is (sipp's play_pcap_audio): the start packet carries the marker bit.
   */
  private List<Character> replay(long timestamp, int code) {
    byte[] start = new TelephoneEvent(code, false, 10, 0).encode();
    List<Character> keys =
        new ArrayList<>(
            feed(new RtpPacket(true, PT, sequence++ & 0xFFFF, timestamp, 0x1234, start)));
    keys.addAll(
        feed(
            event(timestamp, code, false, 320),
            event(timestamp, code, true, 640),
            event(timestamp, code, true, 640)));
    return keys;
  }

  @Test
  void aReplayedCaptureWithTheSameTimestampIsANewPress() {
    assertThat(replay(17632, 0)).containsExactly('0');
    assertThat(replay(17632, 0)).containsExactly('0');
  }

  @Test
  void aMarkedStartWithAnEarlierTimestampIsANewPressNotALatePacket() {
    assertThat(replay(92640, 11)).containsExactly('#');
    assertThat(replay(13280, 1))
        .containsExactly('1'); // sip-tester's captures: '#' at 92640, '1' at 13280
  }

  @Test
  void aReorderedPacketOfAnEarlierEventIsNotANewPress() {
    press(1000, 1);
    press(3000, 2);
    assertThat(feed(event(1000, 1, true, 640))).isEmpty();
  }

  @Test
  void aKeyHeldPastTheDurationLimitGoesOnAsOneEvent() {
    // RFC 4733 §2.5.1.5: the duration saturates at 0xFFFF and a new segment starts there
    feed(event(1000, 0, false, 0xFFFF));
    assertThat(feed(event(1000 + 0xFFFF, 0, false, 160), event(1000 + 0xFFFF, 0, true, 320)))
        .containsExactly('0');
  }

  @Test
  void timestampsWrapAround() {
    assertThat(press(0xFFFF_FF00L, 1)).containsExactly('1');
    assertThat(press(0x0000_0100L, 2)).containsExactly('2');
  }

  @Test
  void aNewSourceStartsAfresh() {
    feed(event(1000, 1, false, 160));
    RtpPacket other = packet(PT, 0x9999, 500, new TelephoneEvent(2, true, 10, 160).encode());
    assertThat(feed(other)).containsExactly('1', '2');
  }
}
