package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 3550 §5.1: what a phone sends is read, and what the IVR sends is a plain version 2 packet.
 */
class RtpPacketTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void encodesAndParsesBackTheSamePacket() {
    RtpPacket p = new RtpPacket(true, 0, 65535, 0xFFFF_FFFFL, 0x8000_0001L, new byte[] {1, 2, 3});
    byte[] wire = p.encode();
    assertThat(wire).startsWith(hex("80 80 ffff ffffffff 80000001"));
    assertThat(wire).hasSize(15);
    assertThat(RtpPacket.parse(wire, wire.length)).contains(p);
  }

  @Test
  void readsAHeaderWithCsrcsExtensionAndPadding() {
    // V=2 P=1 X=1 CC=2, M=0 PT=101, seq 7, ts 1000, ssrc 0x11223344
    byte[] wire =
        hex(
            "b2 65 0007 000003e8 11223344"
                + " aaaaaaaa bbbbbbbb" // two CSRCs
                + " bede 0001 01020304" // one-word extension
                + " 0b 8a 0320" // telephone-event '#', end, volume 10, duration 800
                + " 000003"); // three octets of padding
    RtpPacket p = RtpPacket.parse(wire, wire.length).orElseThrow();
    assertThat(p.marker()).isFalse();
    assertThat(p.payloadType()).isEqualTo(101);
    assertThat(p.sequence()).isEqualTo(7);
    assertThat(p.timestamp()).isEqualTo(1000);
    assertThat(p.ssrc()).isEqualTo(0x11223344L);
    assertThat(p.payload()).containsExactly(hex("0b8a0320"));
  }

  @Test
  void readsOnlyTheReceivedLengthOfALargerBuffer() {
    byte[] buffer = new byte[2048];
    byte[] wire = new RtpPacket(false, 8, 1, 2, 3, new byte[160]).encode();
    System.arraycopy(wire, 0, buffer, 0, wire.length);
    assertThat(RtpPacket.parse(buffer, wire.length).orElseThrow().payloadLength()).isEqualTo(160);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "", // nothing
        "80 00 0001 00000002", // shorter than the fixed header
        "40 00 0001 00000002 00000003", // version 1
        "c0 00 0001 00000002 00000003", // version 3
        "81 00 0001 00000002 00000003", // CC=1 but no CSRC
        "90 00 0001 00000002 00000003 bede", // extension header cut short
        "90 00 0001 00000002 00000003 bede 0002 00000000", // extension longer than the packet
        "a0 00 0001 00000002 00000003 01 00", // padding count 0
        "a0 00 0001 00000002 00000003 01 09", // more padding than payload
        "80 c8 0001 00000002 00000003", // RTCP sender report multiplexed on the port
        "474554202f20485454502f312e310d0a", // GET / HTTP/1.1
      })
  void garbageIsNotAPacket(String datagram) {
    byte[] wire = hex(datagram);
    assertThat(RtpPacket.parse(wire, wire.length)).isEmpty();
  }

  @Test
  void aLengthBeyondTheBufferIsNotAPacket() {
    assertThat(RtpPacket.parse(new byte[12], 13)).isEmpty();
    assertThat(RtpPacket.parse(null, 0)).isEmpty();
  }

  @Test
  void isImmutable() {
    byte[] payload = {1, 2};
    RtpPacket p = new RtpPacket(false, 0, 0, 0, 0, payload);
    payload[0] = 9;
    p.payload()[1] = 9;
    assertThat(p.payload()).containsExactly(1, 2);
  }

  @Test
  void rejectsFieldsOutOfRange() {
    assertThatThrownBy(() -> new RtpPacket(false, 128, 0, 0, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RtpPacket(false, 0, 65536, 0, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RtpPacket(false, 0, 0, 1L << 32, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
