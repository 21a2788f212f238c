package jp.callmail.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failures per key (a source address, a line) in fixed windows: a key with {@code limit}
 * failures in its current window is {@link #blocked} until the window ends. Memory stays bounded:
 * at {@code maxKeys} keys, windows that have ended are dropped, and if that is not enough, all.
 */
public final class FailureCounter {

  private final int limit;
  private final long windowNanos;
  private final int maxKeys;
  private final LongSupplier clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long startNanos, int failures) {}

  public FailureCounter(int limit, long windowSeconds, int maxKeys, LongSupplier nanoClock) {
    this.limit = limit;
    this.windowNanos = windowSeconds * 1_000_000_000L;
    this.maxKeys = maxKeys;
    this.clock = nanoClock;
  }

  /** Whether the key has reached the limit in its current window (a limit of 0 blocks nothing). */
  public boolean blocked(String key) {
    if (limit <= 0) {
      return false;
    }
    Window w = windows.get(key);
    return w != null && clock.getAsLong() - w.startNanos() < windowNanos && w.failures() >= limit;
  }

  public void failed(String key) {
    long now = clock.getAsLong();
    if (windows.size() >= maxKeys) {
      windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
      if (windows.size() >= maxKeys) {
        windows.clear();
      }
    }
    windows.merge(
        key,
        new Window(now, 1),
        (old, one) ->
            now - old.startNanos() >= windowNanos
                ? one
                : new Window(old.startNanos(), old.failures() + 1));
  }
}
