package jp.callmail.sip.connector.ivr;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One RTP packet (RFC 3550 §5.1), immutable.
 *
 * <p>Only what the IVR needs survives parsing: CSRCs, header extensions and padding are skipped,
 * and the payload is copied out so the receive buffer can be reused. {@link #parse} never throws:
 * the IVR's port is reachable by anyone, so short or garbage datagrams are simply not packets.
 *
 * @param marker the M bit; the first packet of a talkspurt for audio (RFC 3551 §4.1)
 * @param payloadType 0-127
 * @param sequence 0-65535
 * @param timestamp unsigned 32 bits
 * @param ssrc unsigned 32 bits
 * @param payload the payload without padding
 */
public record RtpPacket(
    boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {

  /** Fixed header length without CSRCs (RFC 3550 §5.1). */
  public static final int HEADER_LENGTH = 12;

  private static final int VERSION = 2;
  private static final long UINT32 = 0xFFFF_FFFFL;

  public RtpPacket {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0-127, not " + payloadType);
    }
    if (sequence < 0 || sequence > 0xFFFF) {
      throw new IllegalArgumentException("sequence must be 0-65535, not " + sequence);
    }
    if (timestamp < 0 || timestamp > UINT32 || ssrc < 0 || ssrc > UINT32) {
      throw new IllegalArgumentException("timestamp and SSRC are unsigned 32-bit values");
    }
    payload = payload.clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length, without copying. */
  public int payloadLength() {
    return payload.length;
  }

  /**
   * Reads a datagram as an RTP packet.
   *
   * @param data the datagram buffer
   * @param length how many bytes of {@code data} were received
   * @return empty when it is not a version 2 RTP packet, is truncated, or is RTCP multiplexed on
   *     the same port (RFC 5761 §4)
   */
  public static Optional<RtpPacket> parse(byte[] data, int length) {
    if (data == null || length < HEADER_LENGTH || length > data.length) {
      return Optional.empty();
    }
    int first = data[0] & 0xFF;
    int second = data[1] & 0xFF;
    if (first >>> 6 != VERSION) {
      return Optional.empty();
    }
    int payloadType = second & 0x7F;
    if (payloadType >= 72 && payloadType <= 76) {
      return Optional.empty(); // RTCP SR/RR/SDES/BYE/APP with the marker bit set (RFC 5761 §4)
    }
    int offset = HEADER_LENGTH + 4 * (first & 0x0F); // CSRC list, CC entries (§5.1)
    if ((first & 0x10) != 0) { // X: one header extension (§5.3.1)
      if (offset + 4 > length) {
        return Optional.empty();
      }
      offset += 4 + 4 * u16(data, offset + 2);
    }
    int end = length;
    if ((first & 0x20) != 0) { // P: the last octet counts the padding, itself included (§5.1)
      int padding = data[length - 1] & 0xFF;
      if (padding == 0) {
        return Optional.empty();
      }
      end -= padding;
    }
    if (offset > end) {
      return Optional.empty();
    }
    return Optional.of(
        new RtpPacket(
            (second & 0x80) != 0,
            payloadType,
            u16(data, 2),
            u32(data, 4),
            u32(data, 8),
            Arrays.copyOfRange(data, offset, end)));
  }

  /** The packet on the wire: fixed header, no CSRC, no extension, no padding. */
  public byte[] encode() {
    byte[] out = new byte[HEADER_LENGTH + payload.length];
    out[0] = (byte) (VERSION << 6);
    out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    out[2] = (byte) (sequence >>> 8);
    out[3] = (byte) sequence;
    putU32(out, 4, timestamp);
    putU32(out, 8, ssrc);
    System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p
        && marker == p.marker
        && payloadType == p.payloadType
        && sequence == p.sequence
        && timestamp == p.timestamp
        && ssrc == p.ssrc
        && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ssrc) * 31 * 31 + sequence * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RtpPacket[pt="
        + payloadType
        + (marker ? " M" : "")
        + " seq="
        + sequence
        + " ts="
        + timestamp
        + " ssrc="
        + Long.toHexString(ssrc)
        + " payload="
        + (payload.length <= 8 ? HexFormat.of().formatHex(payload) : payload.length + " bytes")
        + "]";
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  private static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
