package jp.callmail.sip.connector.ivr;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;

/**
 * The IVR's outgoing RTP stream (RFC 3550 §5.1) for one call.
 *
 * <p>Sequence number, timestamp and SSRC start random (§5.1, §8). The sequence number grows by one
 * per packet sent. Within a prompt the timestamp grows by 160 per 20 ms packet; the IVR stays
 * silent between prompts, so the first packet of a prompt carries the marker bit and a timestamp
 * advanced by the time that passed (RFC 3551 §4.1). Packets go to the address of the SDP even when
 * the peer sends from elsewhere. Not thread-safe.
 */
final class RtpSender {

  private static final long NANOS_PER_SAMPLE = 1_000_000_000L / AudioCodec.CLOCK_RATE;
  private static final long UINT32 = 0xFFFF_FFFFL;

  private final DatagramSocket socket;
  private final long ssrc;
  private InetSocketAddress remote;
  private int payloadType;
  private boolean enabled;
  private int sequence;
  private long timestamp;
  private boolean sentAny;
  private boolean gap = true;
  private long lastInstant;

  RtpSender(DatagramSocket socket, SdpNegotiation.Negotiated media, RandomGenerator random) {
    this.socket = socket;
    this.ssrc = random.nextLong() & UINT32;
    this.sequence = random.nextInt(0x10000);
    this.timestamp = random.nextLong() & UINT32;
    update(media);
  }

  /** A re-INVITE changed the stream: new address, payload type or direction. */
  void update(SdpNegotiation.Negotiated media) {
    this.remote = media.remote();
    this.payloadType = media.audioPayloadType();
    this.enabled = media.sendAudio();
  }

  /**
   * Sends one frame, unless the peer does not want audio now (on hold).
   *
   * @param first the first frame of a prompt
   * @param instantNanos when the frame's audio is due, by {@link System#nanoTime()}
   */
  void send(byte[] payload, boolean first, long instantNanos) throws IOException {
    if (!enabled) {
      gap = true;
      return;
    }
    boolean talkspurt = first || gap;
    if (sentAny) {
      sequence = (sequence + 1) & 0xFFFF;
      long advance =
          talkspurt
              ? Math.max(
                  Playback.SAMPLES_PER_FRAME, (instantNanos - lastInstant) / NANOS_PER_SAMPLE)
              : Playback.SAMPLES_PER_FRAME;
      timestamp = (timestamp + advance) & UINT32;
    }
    byte[] datagram =
        new RtpPacket(talkspurt, payloadType, sequence, timestamp, ssrc, payload).encode();
    socket.send(new DatagramPacket(datagram, datagram.length, remote));
    sentAny = true;
    gap = false;
    lastInstant = instantNanos;
  }
}
