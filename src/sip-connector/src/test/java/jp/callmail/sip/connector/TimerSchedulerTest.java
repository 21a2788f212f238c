package jp.callmail.sip.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerSchedulerTest {

  private final Timer timer = new Timer("test-timer-scheduler", true);
  private final TimerScheduler scheduler = new TimerScheduler(() -> timer);

  @AfterEach
  void stop() {
    timer.cancel();
  }

  @Test
  void runsTheTaskAfterTheDelay() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    scheduler.schedule(ran::countDown, Duration.ofMillis(20));
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailingTaskDoesNotStopTheTimer() throws Exception {
    scheduler.schedule(
        () -> {
          throw new IllegalStateException("boom");
        },
        Duration.ofMillis(1));
    CountDownLatch ran = new CountDownLatch(1);
    scheduler.schedule(ran::countDown, Duration.ofMillis(50));
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCancelledTaskDoesNotRunAndLetsGoOfItsWorkAtOnce() {
    AtomicInteger runs = new AtomicInteger();
    WeakReference<Object> held =
        scheduleAndCancelWorkHolding(new byte[1 << 20], runs); // a transaction pair, say
    await("the cancelled timer C task no longer holds its pair")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              System.gc();
              return held.get() == null;
            });
    assertThat(runs).hasValue(0);
  }

  private WeakReference<Object> scheduleAndCancelWorkHolding(Object heavy, AtomicInteger runs) {
    Runnable work = () -> runs.addAndGet(heavy.hashCode() == 0 ? 2 : 1);
    scheduler.schedule(work, Duration.ofMinutes(3)).cancel();
    return new WeakReference<>(heavy);
  }

  @Test
  void cancelledTasksArePurgedFromTheTimerQueue() {
    for (int i = 0; i < TimerScheduler.PURGE_EVERY; i++) {
      scheduler.schedule(() -> {}, Duration.ofMinutes(3)).cancel();
    }
    assertThat(timer.purge()).as("cancelled tasks still queued").isZero();
  }

  @Test
  void schedulingAfterTheAdapterStoppedIsHarmless() {
    TimerScheduler stopped = new TimerScheduler(() -> null);
    stopped.schedule(() -> {}, Duration.ofSeconds(1)).cancel();
    Timer cancelled = new Timer(true);
    cancelled.cancel();
    new TimerScheduler(() -> cancelled).schedule(() -> {}, Duration.ofSeconds(1)).cancel();
  }
}
