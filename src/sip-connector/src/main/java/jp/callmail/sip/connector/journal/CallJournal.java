package jp.callmail.sip.connector.journal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.connector.logging.MalformedInputLog;
import jp.callmail.sip.connector.logging.RateLimitedLog;

/**
 * The durable journal of completed-call records and later kind changes ({@link CallReport}): each
 * is appended when the proxy completes the call (or sees its kind change) and marked done once the
 * application has taken it, so that neither a crash nor a long database outage loses one.
 *
 * <p>Callers only enqueue (a SIP thread must never wait for a disk); one writer thread writes each
 * line as it comes (a {@code kill -9} then loses only what it had not taken yet, microseconds'
 * worth) and forces the file once per group of lines, every few milliseconds at most, instead of
 * once per call. Delivery does not wait for that fsync: a record taken by the application before it
 * is durable needs no journal, and one durable but not marked done is replayed, which the
 * application ignores as a Call-ID it already has.
 *
 * <p>When the queue is full or the disk fails, records are kept in memory and still delivered; a
 * warning says so at most once a minute, and the writer tries a fresh segment every few seconds,
 * writing the records it missed once the disk takes them again.
 */
public final class CallJournal implements CallJournalMXBean, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CallJournal.class.getName());
  private static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(5);
  private static final Duration DONE_OFFER_TIMEOUT = Duration.ofSeconds(1);

  /** A report the application has not taken yet, under its id in the journal. */
  public record Pending(long id, CallReport report) {}

  private sealed interface Op permits Append, Done {}

  private record Append(long id, CallReport report) implements Op {}

  private record Done(long id) implements Op {}

  private final JournalSettings settings;
  private final Clock clock;
  private final SegmentStore store;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId;
  private final BlockingQueue<Op> queue;
  private final AtomicLong unjournalled = new AtomicLong();

  /**
   * A full or failing disk would otherwise cost a warning per call; one a minute, and a count of
   * the rest.
   */
  private final RateLimitedLog trouble =
      new RateLimitedLog(LOG, Level.WARNING, "call record journal warnings", 1, System::nanoTime);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile boolean writable = true;
  private volatile long syncs;

  // The writer thread's own state.
  private final Map<Long, CallReport> uncommitted = new LinkedHashMap<>();
  private final Set<Long> uncommittedDone = new HashSet<>();
  private final Map<Long, CallReport> notOnDisk = new LinkedHashMap<>();
  private final Set<Long> doneNotOnDisk = new HashSet<>();
  private long nextRecovery;

  private CallJournal(JournalSettings settings, Clock clock, SegmentStore.Loaded loaded) {
    this.settings = settings;
    this.clock = clock;
    this.store = loaded.store();
    this.nextId = new AtomicLong(store.nextId());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    loaded.pending().forEach((id, record) -> pending.put(id, new Pending(id, record)));
  }

  /**
   * Reads the journal's directory (made if missing) and starts its writer on {@code writerThread},
   * which must run the task on a thread of its own for as long as the journal is open.
   *
   * @throws IOException when the directory cannot be read or written
   */
  public static CallJournal open(JournalSettings settings, Executor writerThread, Clock clock)
      throws IOException {
    SegmentStore.Loaded loaded =
        SegmentStore.open(settings.directory(), settings.maxSegmentBytes());
    CallJournal journal = new CallJournal(settings, clock, loaded);
    LOG.info(
        () ->
            "Call record journal "
                + settings.directory()
                + ": "
                + journal.pending.size()
                + " records pending"
                + (loaded.skippedLines() > 0
                    ? ", " + loaded.skippedLines() + " torn or corrupt lines skipped"
                    : ""));
    writerThread.execute(journal::writeUntilClosed);
    return journal;
  }

  /** Journals a completed call or a kind change; never blocks on the disk. */
  public Pending append(CallReport record) {
    Pending entry = new Pending(nextId.getAndIncrement(), record);
    pending.put(entry.id(), entry);
    if (closing || !queue.offer(new Append(entry.id(), record))) {
      unjournalled.incrementAndGet();
      trouble.log(
          source(),
          "Call record journal queue is full (the disk is too slow) or closed: call-id="
              + MalformedInputLog.escape(record.callId(), 200)
              + " is kept in memory only until the application takes it");
    }
    return entry;
  }

  /** The application took the record: it is no longer pending and its done-mark is journalled. */
  public void done(Pending entry) {
    if (pending.remove(entry.id()) == null || closing) {
      return;
    }
    try {
      if (!queue.offer(
          new Done(entry.id()), DONE_OFFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        trouble.log(
            source(),
            "Call record journal queue is full: the done-mark of call-id="
                + MalformedInputLog.escape(entry.report().callId(), 200)
                + " is lost, so the record will be delivered again after a restart (the application ignores it)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The records the application has not taken yet, oldest first. */
  public List<Pending> pending() {
    List<Pending> all = new ArrayList<>(pending.values());
    all.sort(Comparator.comparingLong(Pending::id));
    return all;
  }

  public boolean isPending(Pending entry) {
    return pending.containsKey(entry.id());
  }

  @Override
  public int getPendingRecords() {
    return pending.size();
  }

  @Override
  public long getOldestPendingSeconds() {
    Instant now = clock.instant();
    return pending.values().stream()
        .map(p -> p.report().time())
        .min(Comparator.naturalOrder())
        .map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds()))
        .orElse(0L);
  }

  @Override
  public long getUnjournalledRecords() {
    return unjournalled.get();
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public long getSyncs() {
    return syncs;
  }

  @Override
  public String getDirectory() {
    return settings.directory().toString();
  }

  /**
   * Writes what is queued, forces it to disk and closes the segment; waits up to 10 s for the
   * writer.
   */
  @Override
  public void close() {
    closing = true;
    try {
      if (!stopped.await(10, TimeUnit.SECONDS)) {
        LOG.warning(
            "Call record journal writer did not stop within 10 s; records not marked done are replayed on start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String source() {
    return settings.directory().toString();
  }

  private void writeUntilClosed() {
    try {
      while (!closing || !queue.isEmpty()) {
        Op first = queue.poll(100, TimeUnit.MILLISECONDS);
        recoverIfDue();
        if (first != null) {
          writeGroup(first);
        }
      }
      store.close();
      syncs = store.syncs();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warning(
          "Call record journal writer interrupted; records not marked done are replayed on start");
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Call record journal not closed cleanly; records not marked done are replayed on start",
          e);
    } finally {
      closeQuietly();
      stopped.countDown();
    }
  }

  /**
   * Lets go of the files and the directory's lock even after a failure, so a redeployed adapter can
   * open them.
   */
  private void closeQuietly() {
    try {
      store.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "journal already failed while closing", e);
    }
  }

  /** Writes lines as they arrive for up to the commit interval or batch, then forces them once. */
  private void writeGroup(Op first) throws InterruptedException {
    long deadline = System.nanoTime() + settings.commitInterval().toNanos();
    Op op = first;
    for (int lines = 1; op != null; lines++) {
      write(op);
      if (lines >= settings.commitBatch()) {
        break;
      }
      long left = deadline - System.nanoTime();
      op = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
    }
    if (writable) {
      try {
        store.commit();
        syncs = store.syncs();
        uncommitted.clear();
        uncommittedDone.clear();
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  private void write(Op op) {
    if (!writable) {
      keepInMemory(op);
      return;
    }
    try {
      if (op instanceof Append append) {
        uncommitted.put(append.id(), append.report());
        store.append(append.id(), append.report());
      } else if (op instanceof Done done) {
        uncommittedDone.add(done.id());
        uncommitted.remove(done.id());
        store.done(done.id());
      }
    } catch (IOException e) {
      failed(e);
    }
  }

  private void keepInMemory(Op op) {
    if (op instanceof Append append) {
      notOnDisk.put(append.id(), append.report());
      unjournalled.incrementAndGet();
    } else if (op instanceof Done done && notOnDisk.remove(done.id()) == null) {
      doneNotOnDisk.add(done.id());
    }
  }

  /**
   * Whatever was written since the last fsync may not be on disk: it is written again on recovery.
   */
  private void failed(IOException e) {
    writable = false;
    notOnDisk.putAll(uncommitted);
    unjournalled.addAndGet(uncommitted.size());
    doneNotOnDisk.addAll(uncommittedDone);
    uncommitted.clear();
    uncommittedDone.clear();
    nextRecovery = System.nanoTime() + RECOVERY_INTERVAL.toNanos();
    trouble.log(
        source(),
        "Call record journal cannot write to "
            + settings.directory()
            + " ("
            + e
            + "); completed calls are kept in memory and still delivered. Free disk space or fix the directory.");
  }

  private void recoverIfDue() {
    if (writable || System.nanoTime() - nextRecovery < 0) {
      return;
    }
    notOnDisk.keySet().retainAll(pending.keySet()); // taken meanwhile: no need to write them now
    try {
      store.recover(notOnDisk);
      for (Long id : doneNotOnDisk) {
        store.done(id);
      }
      store.commit();
      syncs = store.syncs();
      int written = notOnDisk.size();
      notOnDisk.clear();
      doneNotOnDisk.clear();
      writable = true;
      LOG.info(
          () ->
              "Call record journal writes again to "
                  + settings.directory()
                  + "; "
                  + written
                  + " records kept in memory meanwhile are journalled now");
    } catch (IOException e) {
      nextRecovery = System.nanoTime() + RECOVERY_INTERVAL.toNanos();
      trouble.log(
          source(),
          "Call record journal still cannot write to " + settings.directory() + " (" + e + ")");
    }
  }
}
