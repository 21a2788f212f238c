package jp.callmail.infrastructure.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gathers the ids of newly queued outbox rows from every thread that commits them and sends them in
 * batches on a few long-running drainers, each with one channel (one SMTP connection) that it keeps
 * while work keeps coming. At a thousand calls a second, one managed task, two transactions and one
 * SMTP session per call cost more than the mail itself; here a call costs a queue offer.
 *
 * <p>A drainer takes up to a batch of ids, hands them to its channel (claim, send, record), and
 * ends when no id has come for the keep-alive time, closing its channel; it also ends, closing the
 * channel, on any exception, and hands over to a successor after {@link #LIFETIME}. At most {@code
 * senders} drainers run; one is started only when there is work, no drainer is waiting for it and
 * fewer than that run.
 *
 * <p>No wake-up is lost: a drainer counts as running until it has decided to end, and only then
 * looks at the queue once more and starts a successor for ids that came meanwhile. Whatever this
 * class cannot take (queue full, executor refusing, closed) stays in the outbox table, where the
 * poller finds it; ids sent by the poller first are skipped by the claim, never sent twice.
 */
final class CoalescingSender implements AutoCloseable {

  /** What a drainer sends through; closed when the drainer ends. */
  interface Channel extends AutoCloseable {

    /** Claims, sends and records the rows with these ids that are still due and unclaimed. */
    void send(List<Long> ids);

    @Override
    void close();
  }

  /** About ten seconds of the benchmark's load; beyond that the poller catches up. */
  static final int QUEUE_CAPACITY = 10_000;

  /**
   * A drainer under steady load hands over to a successor after this long: the managed executor
   * reports tasks running for minutes as hung, and may have other tasks waiting for its thread.
   */
  static final Duration LIFETIME = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(CoalescingSender.class.getName());

  private final Executor executor;
  private final Supplier<? extends Channel> channels;
  private final int maxDrainers;
  private final int batchSize;
  private final long keepAliveNanos;
  private final long lifetimeNanos;
  private final int capacity;
  private final BlockingQueue<Long> queue;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final AtomicBoolean rejecting = new AtomicBoolean();
  private volatile boolean closed;

  CoalescingSender(
      Executor executor, Supplier<? extends Channel> channels, DispatchSettings settings) {
    this(executor, channels, settings, QUEUE_CAPACITY, LIFETIME);
  }

  CoalescingSender(
      Executor executor,
      Supplier<? extends Channel> channels,
      DispatchSettings settings,
      int capacity,
      Duration lifetime) {
    this.executor = executor;
    this.lifetimeNanos = lifetime.toNanos();
    this.channels = channels;
    this.maxDrainers = settings.senders();
    this.batchSize = settings.batchSize();
    this.keepAliveNanos = settings.keepAlive().toNanos();
    this.capacity = capacity;
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  /** Queues the ids for sending and makes sure a drainer will take them. Never blocks. */
  void submit(List<Long> ids) {
    if (closed) {
      return;
    }
    int refused = 0;
    for (Long id : ids) {
      if (!queue.offer(id)) {
        refused++;
      }
    }
    if (refused > 0 && overflowing.compareAndSet(false, true)) {
      LOG.warning(
          () ->
              "Mail send queue full ("
                  + capacity
                  + " ids); the outbox poller sends what does not fit");
    } else if (refused == 0 && overflowing.get() && overflowing.compareAndSet(true, false)) {
      LOG.info("Mail send queue takes new mails again");
    }
    wake();
  }

  /** Stops taking work; running drainers end after their batch, closing their channels. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
  }

  /** Drainers running now (for tests and diagnostics). */
  int drainers() {
    return running.get();
  }

  /** Drainers waiting for work (for tests and diagnostics). */
  int idleDrainers() {
    return waiting.get();
  }

  /** Ids queued and not yet taken (for tests and diagnostics). */
  int queued() {
    return queue.size();
  }

  /** Starts a drainer if there is work that no running drainer is sure to take. */
  private void wake() {
    while (!closed && !queue.isEmpty() && waiting.get() == 0) {
      int now = running.get();
      if (now >= maxDrainers) {
        return; // each of them looks at the queue again before it ends
      }
      if (running.compareAndSet(now, now + 1)) {
        start();
        return;
      }
    }
  }

  private void start() {
    try {
      executor.execute(this::drain);
      rejecting.set(false);
    } catch (RejectedExecutionException e) {
      List<Long> left = new ArrayList<>();
      if (running.decrementAndGet() == 0) {
        queue.drainTo(left); // nobody would take them before the next call; the poller will
      }
      // Logged once per spell: while the executor is saturated, every call would log again.
      Level level = rejecting.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
      LOG.log(
          level,
          "Mail sender not started; the outbox poller sends the "
              + left.size()
              + " mails left in the queue",
          e);
    }
  }

  private void drain() {
    long deadline = System.nanoTime() + lifetimeNanos;
    boolean interrupted = false;
    Channel channel = null;
    try {
      List<Long> batch = new ArrayList<>(batchSize);
      while (System.nanoTime() - deadline < 0 && next(batch)) {
        if (channel == null) {
          channel =
              channels
                  .get(); // only once there is work: no connection for a drainer that finds none
        }
        channel.send(List.copyOf(batch));
        batch.clear();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt(); // shutting down: leave the rest to the poller
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Mail sender stopped by an error; the outbox poller sends the mails it had"
              + " claimed once their lease ends",
          e);
    } finally {
      try {
        if (channel != null) {
          channel.close();
        }
      } finally {
        running.decrementAndGet();
        if (!interrupted) {
          // Ids queued after this drainer last looked, while it still counted as running, or left
          // to a successor at the end of its lifetime.
          wake();
        }
      }
    }
  }

  /** Fills the batch, waiting up to the keep-alive for its first id; false when none came. */
  private boolean next(List<Long> batch) throws InterruptedException {
    if (closed) {
      return false;
    }
    Long first = queue.poll();
    if (first == null) {
      waiting.incrementAndGet();
      try {
        first = queue.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
      } finally {
        waiting.decrementAndGet();
      }
      if (first == null || closed) {
        return false;
      }
    }
    batch.add(first);
    queue.drainTo(batch, batchSize - 1);
    return true;
  }
}
