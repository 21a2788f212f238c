package jp.callmail.sip.connector.stack;

/**
 * How long the message that the current thread handles waited between its reception and a worker
 * taking it ({@link DatagramLanes}). The stack hands a message to the listener on the worker thread
 * that took it (REENTRANT_LISTENER), so the listener reads it here. Messages that came over TCP
 * (parsed on their connection's thread, never queued) waited 0 ms.
 */
public final class ReceptionDelay {

  private static final ThreadLocal<long[]> WAITED = new ThreadLocal<>();

  private ReceptionDelay() {}

  /** Milliseconds the message this thread handles waited in the queue; 0 if it was not queued. */
  public static long currentMillis() {
    long[] waited = WAITED.get();
    return waited == null ? 0 : waited[0];
  }

  /** A worker has taken a message that waited {@code millis}. */
  static void handling(long millis) {
    long[] waited = WAITED.get();
    if (waited == null) {
      waited = new long[1]; // once per worker thread
      WAITED.set(waited);
    }
    waited[0] = millis;
  }
}
