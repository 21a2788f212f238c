package jp.callmail.sip.connector.ivr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream of RFC 4733 telephone-event packets into key presses, each reported once.
 *
 * <p>A sender repeats an event's packets while the key is held and sends its final packet, with the
 * E bit, three times (RFC 4733 §2.5.1.4); all of them carry the RTP timestamp of the event's start
 * (§2.3.1), which is what identifies the event here. The key is reported when the first end packet
 * arrives. When every end packet is lost, the key is still reported: as soon as a packet of a new
 * event arrives, or by {@link #flushIfStale} once the event has been silent for a while.
 *
 * <p>Not thread-safe: one call's media thread owns it.
 */
public final class TelephoneEventDecoder {

  /** How long an event may go without packets before it counts as ended. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMillis(500);

  /**
   * How far back a timestamp may be and still belong to a reordered packet: 10 s at 8 kHz. A larger
   * jump back is a sender that restarted its timestamps (after a re-INVITE, say): a new event.
   */
  private static final long REORDER_WINDOW = 80_000;

  private static final long UINT32 = 0xFFFF_FFFFL;

  private final int payloadType;
  private final long staleAfterNanos;

  private boolean active;
  private long ssrc;
  private long timestamp;
  private int event;
  private int lastDuration;
  private boolean reported;
  private long lastPacketNanos;

  /**
   * @param payloadType the negotiated telephone-event payload type
   */
  public TelephoneEventDecoder(int payloadType) {
    this(payloadType, DEFAULT_STALE_AFTER);
  }

  public TelephoneEventDecoder(int payloadType, Duration staleAfter) {
    this.payloadType = payloadType;
    this.staleAfterNanos = staleAfter.toNanos();
  }

  /**
   * Takes one received packet; packets of other payload types are ignored.
   *
   * @param nowNanos {@link System#nanoTime()} at arrival
   * @return the keys this packet completes: usually none, one when an event ends, two when it also
   *     shows that the previous event lost all its end packets
   */
  public List<Character> onPacket(RtpPacket packet, long nowNanos) {
    List<Character> keys = new ArrayList<>(2);
    if (packet.payloadType() != payloadType) {
      return keys;
    }
    Optional<TelephoneEvent> parsed = TelephoneEvent.parse(packet.payload());
    if (parsed.isEmpty()) {
      return keys;
    }
    TelephoneEvent e = parsed.get();
    // The marker bit starts an event (RFC 4733 §2.5.1.1): after a reported event it is a new key
    // even with the same timestamp, as a replayed capture sends it, and never a late packet.
    boolean startsAnew = packet.marker() && reported;
    if (active && packet.ssrc() == ssrc && packet.timestamp() == timestamp && !startsAnew) {
      lastPacketNanos = nowNanos;
      lastDuration = e.duration();
      if (e.end()) {
        reportOnce(keys); // later end packets are the redundant retransmissions of §2.5.1.4
      }
      return keys;
    }
    if (active
        && !packet.marker()
        && packet.ssrc() == ssrc
        && isShortlyBefore(packet.timestamp())) {
      return keys; // a late packet of an earlier event, reordered by the network
    }
    if (active && isContinuation(packet, e)) {
      // §2.5.1.5: a key held past 0xFFFF units goes on as a new segment of the same event
      timestamp = packet.timestamp();
      lastPacketNanos = nowNanos;
      lastDuration = e.duration();
      if (e.end()) {
        reportOnce(keys);
      }
      return keys;
    }
    if (active) {
      reportOnce(keys); // the previous event's end packets were all lost
    }
    active = true;
    ssrc = packet.ssrc();
    timestamp = packet.timestamp();
    event = e.event();
    lastDuration = e.duration();
    reported = false;
    lastPacketNanos = nowNanos;
    if (e.end()) {
      reportOnce(keys);
    }
    return keys;
  }

  /**
   * Reports an event that began but has had no packet for the stale time and never got an end
   * packet. Call it regularly, e.g. on every turn of the media loop.
   */
  public Optional<Character> flushIfStale(long nowNanos) {
    if (active && !reported && nowNanos - lastPacketNanos >= staleAfterNanos) {
      List<Character> keys = new ArrayList<>(1);
      reportOnce(keys);
      return keys.stream().findFirst();
    }
    return Optional.empty();
  }

  private void reportOnce(List<Character> keys) {
    if (!reported) {
      reported = true;
      TelephoneEvent.keyOf(event).ifPresent(keys::add); // other events (tones, flash) are ignored
    }
  }

  private boolean isShortlyBefore(long other) {
    long back = (timestamp - other) & UINT32;
    return back != 0 && back <= REORDER_WINDOW;
  }

  private boolean isContinuation(RtpPacket packet, TelephoneEvent e) {
    return !reported
        && packet.ssrc() == ssrc
        && e.event() == event
        && lastDuration == 0xFFFF
        && ((packet.timestamp() - timestamp) & UINT32) == 0xFFFF;
  }
}
