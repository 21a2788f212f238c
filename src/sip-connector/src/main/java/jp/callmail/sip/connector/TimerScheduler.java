package jp.callmail.sip.connector;

import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.connector.proxy.ProxyScheduler;

/**
 * The proxy's timers on the container's JCA timer.
 *
 * <p>A {@link Timer} keeps a cancelled task queued until its time comes. Timer C is restarted by
 * every provisional response and cancelled by every final one, so without care each call would
 * leave tasks holding its whole transaction pair for up to timer C (three minutes). A cancelled
 * task therefore lets go of its work at once, and the queue is purged now and then.
 */
final class TimerScheduler implements ProxyScheduler {

  private static final Logger LOG = Logger.getLogger(TimerScheduler.class.getName());
  static final int PURGE_EVERY = 1000;

  private final Supplier<Timer> timer;
  private final AtomicInteger cancelledSincePurge = new AtomicInteger();

  /**
   * @param timer the adapter's current timer; null once it stops
   */
  TimerScheduler(Supplier<Timer> timer) {
    this.timer = timer;
  }

  @Override
  public Cancellable schedule(Runnable work, Duration delay) {
    Task task = new Task(work);
    Timer current = timer.get();
    if (current == null) {
      return task::cancel;
    }
    try {
      current.schedule(task, Math.max(1, delay.toMillis()));
    } catch (IllegalStateException stopped) {
      LOG.fine("Timer task dropped: the adapter is stopping");
      return task::cancel;
    }
    return () -> {
      if (task.cancel() && cancelledSincePurge.incrementAndGet() >= PURGE_EVERY) {
        cancelledSincePurge.set(0);
        current.purge();
      }
    };
  }

  /** A timer task that forgets its work when cancelled or run. */
  private static final class Task extends TimerTask {
    private volatile Runnable work;

    Task(Runnable work) {
      this.work = work;
    }

    @Override
    public void run() {
      Runnable now = work;
      work = null;
      if (now == null) {
        return;
      }
      try {
        now.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "SIP proxy timer task failed", e); // never kill the timer thread
      }
    }

    @Override
    public boolean cancel() {
      work = null;
      return super.cancel();
    }
  }
}
