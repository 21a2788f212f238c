package jp.callmail.sip.connector.ivr;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Cuts a queue of encoded prompts into 20 ms frames (RFC 3551 §4.5: 160 octets of G.711), marking
 * the first frame of each prompt and filling the last one with silence. Not thread-safe.
 */
final class Playback {

  /** 20 ms at 8000 Hz. */
  static final int SAMPLES_PER_FRAME = 160;

  /** One packet's payload; {@code first} on a prompt's first frame (a talkspurt start). */
  record Frame(byte[] payload, boolean first) {}

  private final byte silence;
  private final Deque<byte[]> queue = new ArrayDeque<>();
  private byte[] current;
  private int offset;

  Playback(AudioCodec codec) {
    this.silence = codec.silence();
  }

  /** Queues the prompts after whatever still plays. */
  void play(List<byte[]> prompts) {
    prompts.stream().filter(p -> p.length > 0).forEach(queue::add);
  }

  /** Drops what is playing and what is queued (barge-in). */
  void stop() {
    queue.clear();
    current = null;
  }

  boolean isPlaying() {
    return current != null || !queue.isEmpty();
  }

  /** The next frame; only while {@link #isPlaying()}. */
  Frame next() {
    boolean first = false;
    if (current == null) {
      current = queue.remove();
      offset = 0;
      first = true;
    }
    byte[] payload = new byte[SAMPLES_PER_FRAME];
    int n = Math.min(SAMPLES_PER_FRAME, current.length - offset);
    System.arraycopy(current, offset, payload, 0, n);
    Arrays.fill(payload, n, SAMPLES_PER_FRAME, silence);
    offset += n;
    if (offset >= current.length) {
      current = null;
    }
    return new Frame(payload, first);
  }
}
