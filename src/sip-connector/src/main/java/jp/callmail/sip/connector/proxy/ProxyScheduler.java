package jp.callmail.sip.connector.proxy;

import java.time.Duration;

/** Runs the proxy's own timers (timer C); in the adapter, on the container's JCA timer. */
@FunctionalInterface
public interface ProxyScheduler {

  /** Runs the task once after the delay; the returned handle cancels it. */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that has not run yet can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
