package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coalescing sender with plain threads and a channel that only writes down what it was given:
 * every queued id goes out exactly once, in batches, on as few drainers and connections as allowed,
 * and none is stranded however the drainers' ends and new ids interleave.
 */
class CoalescingSenderTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final Recorder recorder = new Recorder();

  @AfterEach
  void stopThreads() throws InterruptedException {
    recorder.release();
    recorder.releaseCloses();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void idsOfManyCallsGoOutInFewBatchesOverOneConnection() throws Exception {
    CoalescingSender sender = sender(1, 50, Duration.ofSeconds(5));
    recorder.holdSends();

    sender.submit(List.of(1L)); // the drainer takes it at once and is held in send
    await("the first batch in the channel", () -> recorder.sendsBegun.get() == 1);
    for (long id = 2; id <= 120; id++) {
      sender.submit(List.of(id));
    }
    recorder.release();

    await("every id sent", () -> recorder.sentIds().size() == 120);
    assertThat(recorder.batchSizes()).containsExactly(1, 50, 50, 19);
    assertThat(recorder.sentIds()).containsExactlyElementsOf(range(1, 120));
    assertThat(started).hasValue(1);
    assertThat(recorder.opened).hasValue(1);
    assertThat(recorder.closed).as("kept open within the keep-alive").hasValue(0);
  }

  @Test
  void theConnectionClosesAfterTheKeepAliveAndANewOneServesLaterWork() throws Exception {
    CoalescingSender sender = sender(2, 50, Duration.ofMillis(100));

    sender.submit(List.of(1L, 2L));
    await("the drainer ends after the keep-alive", () -> sender.drainers() == 0);
    assertThat(recorder.closed).hasValue(1);

    sender.submit(List.of(3L));
    await("the later id sent", () -> recorder.sentIds().size() == 3);
    assertThat(recorder.sentIds()).containsExactly(1L, 2L, 3L);
    assertThat(recorder.opened).hasValue(2);
    await("closed again", () -> recorder.closed.get() == 2 && sender.drainers() == 0);
  }

  @Test
  void anIdleDrainerTakesNewWorkSoNoOtherIsStarted() throws Exception {
    CoalescingSender sender = sender(2, 50, Duration.ofSeconds(5));

    sender.submit(List.of(1L));
    await("the first id sent", () -> recorder.sentIds().size() == 1);
    await("the drainer waiting for more", () -> sender.idleDrainers() == 1);
    sender.submit(List.of(2L));
    await("the second id sent", () -> recorder.sentIds().size() == 2);

    assertThat(started).hasValue(1);
    assertThat(recorder.opened).hasValue(1);
  }

  @Test
  void neverMoreDrainersThanConfigured() throws Exception {
    CoalescingSender sender = sender(2, 10, Duration.ofSeconds(5));
    recorder.holdSends();

    sender.submit(List.of(1L));
    await("one drainer held", () -> recorder.sendsBegun.get() == 1);
    sender.submit(List.of(2L));
    await("a second drainer held", () -> recorder.sendsBegun.get() == 2);
    for (long id = 3; id <= 200; id++) {
      sender.submit(List.of(id));
    }
    assertThat(started).hasValue(2);
    assertThat(sender.drainers()).isEqualTo(2);
    recorder.release();

    await("every id sent", () -> recorder.sentIds().size() == 200);
    assertThat(recorder.sentIds()).containsExactlyInAnyOrderElementsOf(range(1, 200));
    assertThat(recorder.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 10));
    assertThat(recorder.maxConcurrentSends).hasValue(2);
    assertThat(started).hasValue(2);
  }

  @Test
  void anIdQueuedWhileTheLastDrainerIsEndingIsStillSent() throws Exception {
    CoalescingSender sender = sender(1, 50, Duration.ofMillis(50));
    recorder.holdCloses();
    sender.submit(List.of(1L));
    await("the drainer ending, closing its connection", () -> recorder.closesBegun.get() == 1);

    sender.submit(List.of(2L)); // the one drainer allowed still counts as running
    assertThat(started).hasValue(1);
    recorder.releaseCloses();

    await("the id queued meanwhile sent", () -> recorder.sentIds().size() == 2);
    assertThat(recorder.sentIds()).containsExactly(1L, 2L);
    assertThat(started).hasValue(2);
  }

  /**
   * With no keep-alive the drainers end all the time while ids keep coming: any id queued in the
   * moment between a drainer's last look and its end would be stranded without the second look.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void noIdIsStrandedWhileDrainersComeAndGo(int senders) throws Exception {
    int threads = 4;
    int perThread = 5_000;
    // Room for every id: this is about wake-ups, not overflow. With the production capacity a
    // loaded
    // machine let the queue fill up, and the ids refused then are the poller's (not in this test).
    CoalescingSender sender =
        new CoalescingSender(
            this::execute,
            recorder,
            settings(senders, 50, Duration.ZERO),
            threads * perThread,
            CoalescingSender.LIFETIME);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * perThread;
      Thread submitter =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (long id = base + 1; id <= base + perThread; id++) {
                  sender.submit(List.of(id));
                  if (id % 64 == 0) {
                    Thread.yield();
                  }
                }
              });
      submitter.start();
      submitters.add(submitter);
    }
    go.countDown();
    for (Thread submitter : submitters) {
      submitter.join();
    }

    await("every id sent", () -> recorder.sentIds().size() >= threads * perThread);
    await("every drainer ended", () -> sender.drainers() == 0);
    assertThat(recorder.sentIds()).doesNotHaveDuplicates().hasSize(threads * perThread);
    assertThat(recorder.maxConcurrentSends.get()).isLessThanOrEqualTo(senders);
    assertThat(recorder.opened.get()).isEqualTo(recorder.closed.get());
  }

  @Test
  void underSteadyLoadADrainerHandsOverToASuccessorAtTheEndOfItsLifetime() throws Exception {
    CoalescingSender sender =
        new CoalescingSender(
            this::execute,
            recorder,
            settings(1, 5, Duration.ofSeconds(5)),
            CoalescingSender.QUEUE_CAPACITY,
            Duration.ofMillis(50));

    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    long id = 0;
    while (System.nanoTime() < deadline) {
      sender.submit(List.of(++id));
      Thread.sleep(1);
    }
    long last = id;

    await("every id sent", () -> recorder.sentIds().size() == last);
    assertThat(recorder.sentIds()).containsExactlyElementsOf(range(1, last));
    assertThat(started.get()).isGreaterThan(2);
    assertThat(recorder.opened.get()).isGreaterThan(2);
    assertThat(recorder.maxConcurrentSends).hasValue(1);
  }

  @Test
  void anErrorClosesTheConnectionAndLaterIdsStillGo() throws Exception {
    CoalescingSender sender = sender(1, 50, Duration.ofSeconds(5));
    recorder.failNextSend();

    sender.submit(List.of(1L));
    await("the failed drainer ended", () -> sender.drainers() == 0);
    assertThat(recorder.closed).as("closed on the exception, not after the keep-alive").hasValue(1);

    sender.submit(List.of(2L));
    await("the next id sent", () -> recorder.sentIds().contains(2L));
    assertThat(recorder.sentIds()).containsExactly(2L); // 1 is the poller's once its lease ends
    assertThat(recorder.opened).hasValue(2);
  }

  @Test
  void aRefusingExecutorLeavesTheIdsToThePollerAndCountsNoDrainer() throws Exception {
    CoalescingSender sender = sender(2, 50, Duration.ofSeconds(5));
    refusing.set(true);

    sender.submit(List.of(1L, 2L));
    assertThat(sender.drainers()).isZero();
    assertThat(sender.queued()).as("left in the table for the poller").isZero();

    refusing.set(false);
    sender.submit(List.of(3L));
    await("the next id sent", () -> recorder.sentIds().size() == 1);
    assertThat(recorder.sentIds()).containsExactly(3L);
  }

  @Test
  void whatDoesNotFitTheQueueIsLeftToThePoller() throws Exception {
    CoalescingSender sender =
        new CoalescingSender(
            this::execute,
            recorder,
            settings(1, 50, Duration.ofSeconds(5)),
            3,
            CoalescingSender.LIFETIME);
    recorder.holdSends();

    sender.submit(List.of(1L));
    await("the first batch in the channel", () -> recorder.sendsBegun.get() == 1);
    sender.submit(List.of(2L, 3L, 4L, 5L, 6L));
    recorder.release();

    await("the queued ids sent", () -> recorder.sentIds().size() == 4);
    assertThat(recorder.sentIds()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void afterCloseNothingIsTakenAndTheDrainersEnd() throws Exception {
    CoalescingSender sender = sender(1, 50, Duration.ofMillis(300));
    sender.submit(List.of(1L));
    await("the first id sent", () -> recorder.sentIds().size() == 1);

    sender.close();
    sender.submit(List.of(2L));

    await("the drainer ended", () -> sender.drainers() == 0 && recorder.closed.get() == 1);
    assertThat(recorder.sentIds()).containsExactly(1L);
  }

  private CoalescingSender sender(int senders, int batch, Duration keepAlive) {
    return new CoalescingSender(this::execute, recorder, settings(senders, batch, keepAlive));
  }

  private static DispatchSettings settings(int senders, int batch, Duration keepAlive) {
    return new DispatchSettings(senders, batch, keepAlive);
  }

  private void execute(Runnable task) {
    if (refusing.get()) {
      throw new RejectedExecutionException("saturated");
    }
    started.incrementAndGet();
    pool.execute(task);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Channels that write down each batch; a send can be held at a gate or made to fail. */
  private static final class Recorder implements Supplier<CoalescingSender.Channel> {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger sendsBegun = new AtomicInteger();
    final AtomicInteger maxConcurrentSends = new AtomicInteger();
    private final AtomicInteger sending = new AtomicInteger();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final List<List<Long>> batches = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger closesBegun = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch closeGate = new CountDownLatch(0);

    void holdSends() {
      gate = new CountDownLatch(1);
    }

    void release() {
      gate.countDown();
    }

    void holdCloses() {
      closeGate = new CountDownLatch(1);
    }

    void releaseCloses() {
      closeGate.countDown();
    }

    void failNextSend() {
      failNext.set(true);
    }

    List<Long> sentIds() {
      synchronized (batches) {
        return batches.stream().flatMap(List::stream).toList();
      }
    }

    List<Integer> batchSizes() {
      synchronized (batches) {
        return batches.stream().map(List::size).toList();
      }
    }

    @Override
    public CoalescingSender.Channel get() {
      opened.incrementAndGet();
      return new CoalescingSender.Channel() {
        @Override
        public void send(List<Long> ids) {
          int now = sending.incrementAndGet();
          maxConcurrentSends.accumulateAndGet(now, Math::max);
          sendsBegun.incrementAndGet();
          try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("gate never opened");
            }
            if (failNext.compareAndSet(true, false)) {
              throw new IllegalStateException("database unavailable");
            }
            batches.add(ids);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          } finally {
            sending.decrementAndGet();
          }
        }

        @Override
        public void close() {
          closesBegun.incrementAndGet();
          try {
            if (!closeGate.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("close gate never opened");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          closed.incrementAndGet();
        }
      };
    }
  }
}
