package jp.callmail.sip.connector.stack;

/**
 * How late the message that the current thread handles is: how long it waited between its reception
 * and a worker taking it ({@link DatagramLanes}), counted only while the queue of new work is
 * behind. The stack hands a message to the listener on the worker thread that took it
 * (REENTRANT_LISTENER), so the listener reads it here. Messages that came over TCP (parsed on their
 * connection's thread, never queued) are never late.
 *
 * <p>The queue is behind once new work has been waiting {@value #TARGET_MILLIS} ms or more for
 * {@value #INTERVAL_MILLIS} ms on end, as the messages taken show (one that waited 2,500 ms is
 * enough; the idea of CoDel, RFC 8289: a standing queue, not a burst): a garbage collection or a
 * neighbour taking the CPU for a few hundred milliseconds delays a burst of messages, but the queue
 * drains again at once, and no call is refused for it. It is no longer behind once a new message
 * waited under a quarter of that.
 */
public final class ReceptionDelay {

  /** New work that waited this long, while the queue is behind, is late: T1. */
  public static final long TARGET_MILLIS = 500;

  /** How long new work must wait {@link #TARGET_MILLIS} or more before the queue is behind. */
  public static final long INTERVAL_MILLIS = 2000;

  private static final ThreadLocal<long[]> LATE = new ThreadLocal<>();

  private ReceptionDelay() {}

  /**
   * Milliseconds the message this thread handles waited in the queue, if it waited over {@link
   * #TARGET_MILLIS} while the queue is behind; else 0.
   */
  public static long lateMillis() {
    long[] late = LATE.get();
    return late == null ? 0 : late[0];
  }

  /** A worker has taken a message that is {@code millis} late (0: on time). */
  static void handling(long millis) {
    long[] late = LATE.get();
    if (late == null) {
      late = new long[1]; // once per worker thread
      LATE.set(late);
    }
    late[0] = millis;
  }
}
