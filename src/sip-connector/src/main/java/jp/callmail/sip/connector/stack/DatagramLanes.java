package jp.callmail.sip.connector.stack;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The queue between the UDP listener and the stack's worker threads, in two lanes: messages that
 * carry calls in progress to their end (responses, ACK, BYE, CANCEL, PRACK, UPDATE, INFO) are taken
 * before those that start new work (INVITE, and any other request).
 *
 * <p>With one first-in first-out queue an overload delayed every message alike: the callee's
 * responses waited behind new INVITEs until the proxy's own client transactions retransmitted (T1,
 * 500 ms), callers retransmitted and gave up, and the retransmissions filled the queue further (RFC
 * 6357 §3: the work spent on calls that then fail is what makes goodput collapse). Here a call that
 * has been admitted keeps moving, and only new work waits: how late it is ({@link ReceptionDelay})
 * tells the proxy to answer new calls 503 early.
 *
 * <p>Bounded in size ({@code maxQueued} in all, half of that for new work, newer datagrams are
 * dropped: UDP senders retransmit) and in age: a datagram older than {@code maxAgeMillis} is
 * dropped when its turn comes, as the stock stack's congestion auditor did every two seconds.
 * Classifying looks at the first bytes of the datagram only.
 */
final class DatagramLanes extends AbstractQueue<DatagramQueuedMessageDispatch>
    implements BlockingQueue<DatagramQueuedMessageDispatch> {

  private static final byte[][] IN_PROGRESS = {
    ascii("SIP/"),
    ascii("ACK "),
    ascii("BYE "),
    ascii("CANCEL "),
    ascii("PRACK "),
    ascii("UPDATE "),
    ascii("INFO ")
  };

  private final int maxQueued;
  private final long maxAgeMillis;
  private final LongSupplier clockMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<DatagramQueuedMessageDispatch> inProgress = new ArrayDeque<>();
  private final ArrayDeque<DatagramQueuedMessageDispatch> newWork = new ArrayDeque<>();
  private final AtomicLong droppedFull = new AtomicLong();
  private final AtomicLong droppedStale = new AtomicLong();

  /** Since when new work has been waiting the target or more (clock millis), or -1. */
  private long aboveSince = -1;

  /** Whether new work has waited the target or more for the interval, and not drained since. */
  private boolean behind;

  /**
   * @param maxQueued datagrams waiting in both lanes at most
   * @param maxAgeMillis a datagram that waited longer is dropped, not handled (0: never)
   * @param clockMillis the clock of the datagrams' reception times
   */
  DatagramLanes(int maxQueued, long maxAgeMillis, LongSupplier clockMillis) {
    this.maxQueued = maxQueued;
    this.maxAgeMillis = maxAgeMillis;
    this.clockMillis = clockMillis;
  }

  /** Whether a datagram continues a call or transaction in progress (by its first bytes). */
  static boolean continuesWork(byte[] data, int offset, int length) {
    for (byte[] start : IN_PROGRESS) {
      if (startsWith(data, offset, length, start)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean offer(DatagramQueuedMessageDispatch message) {
    boolean urgent =
        continuesWork(
            message.packet.getData(), message.packet.getOffset(), message.packet.getLength());
    lock.lock();
    try {
      int queued = inProgress.size() + newWork.size();
      if (queued >= maxQueued || (!urgent && newWork.size() >= maxQueued / 2)) {
        droppedFull.incrementAndGet();
        return false;
      }
      (urgent ? inProgress : newWork).addLast(message);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DatagramQueuedMessageDispatch poll() {
    lock.lock();
    try {
      return next();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DatagramQueuedMessageDispatch take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      DatagramQueuedMessageDispatch message;
      while ((message = next()) == null) {
        notEmpty.await();
      }
      return message;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit)
      throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      DatagramQueuedMessageDispatch message;
      while ((message = next()) == null) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return message;
    } finally {
      lock.unlock();
    }
  }

  /** The next datagram to handle, in-progress lane first, skipping stale ones; under the lock. */
  private DatagramQueuedMessageDispatch next() {
    long now = clockMillis.getAsLong();
    DatagramQueuedMessageDispatch message;
    while (true) {
      boolean fresh = true;
      message = inProgress.pollFirst();
      if (message == null) {
        message = newWork.pollFirst();
        fresh = false;
      }
      if (message == null) {
        return null;
      }
      long waited = now - message.getReceptionTime();
      if (maxAgeMillis > 0 && waited > maxAgeMillis) {
        droppedStale.incrementAndGet();
        continue;
      }
      ReceptionDelay.handling(fresh ? 0 : lateness(waited, now));
      return message;
    }
  }

  /**
   * How late a message of new work is ({@link ReceptionDelay}): its wait, when the lane has been
   * behind for a while and it waited over the target; else 0. Under the lock.
   */
  private long lateness(long waited, long now) {
    if (behind) {
      if (waited < ReceptionDelay.TARGET_MILLIS / 4) {
        behind = false;
        aboveSince = -1;
      }
    } else if (waited < ReceptionDelay.TARGET_MILLIS) {
      aboveSince = -1;
    } else {
      // This message has been waiting over the target since it crossed it: so has the lane.
      long crossed = now - waited + ReceptionDelay.TARGET_MILLIS;
      if (aboveSince < 0 || crossed < aboveSince) {
        aboveSince = crossed;
      }
      behind = now - aboveSince >= ReceptionDelay.INTERVAL_MILLIS;
    }
    return behind && waited > ReceptionDelay.TARGET_MILLIS ? waited : 0;
  }

  /** Whether new work is behind now (for tests). */
  boolean behind() {
    lock.lock();
    try {
      return behind;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DatagramQueuedMessageDispatch peek() {
    lock.lock();
    try {
      DatagramQueuedMessageDispatch first = inProgress.peekFirst();
      return first != null ? first : newWork.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return inProgress.size() + newWork.size();
    } finally {
      lock.unlock();
    }
  }

  /** Datagrams waiting that start new work. */
  int newWorkQueued() {
    lock.lock();
    try {
      return newWork.size();
    } finally {
      lock.unlock();
    }
  }

  /** Datagrams dropped since start because the lanes were full. */
  long droppedFull() {
    return droppedFull.get();
  }

  /** Datagrams dropped since start because they had waited too long. */
  long droppedStale() {
    return droppedStale.get();
  }

  /** A snapshot, in-progress lane first (for the stack's diagnostics). */
  @Override
  public Iterator<DatagramQueuedMessageDispatch> iterator() {
    lock.lock();
    try {
      List<DatagramQueuedMessageDispatch> all = new java.util.ArrayList<>(size());
      all.addAll(inProgress);
      all.addAll(newWork);
      return java.util.Collections.unmodifiableList(all).iterator();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(DatagramQueuedMessageDispatch message) {
    offer(message);
  }

  @Override
  public boolean offer(DatagramQueuedMessageDispatch message, long timeout, TimeUnit unit) {
    return offer(message);
  }

  @Override
  public int remainingCapacity() {
    return Math.max(0, maxQueued - size());
  }

  @Override
  public int drainTo(Collection<? super DatagramQueuedMessageDispatch> sink) {
    return drainTo(sink, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super DatagramQueuedMessageDispatch> sink, int maxElements) {
    int n = 0;
    DatagramQueuedMessageDispatch message;
    while (n < maxElements && (message = poll()) != null) {
      sink.add(message);
      n++;
    }
    return n;
  }

  private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
