package jp.callmail.sip.connector;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.connector.journal.CallJournal;
import jp.callmail.sip.connector.journal.CallJournal.Pending;
import jp.callmail.sip.connector.journal.CallReport;
import jp.callmail.sip.connector.logging.MalformedInputLog;
import jp.callmail.sip.connector.proxy.CallSink;
import jp.callmail.sip.connector.proxy.ProxyScheduler;

/**
 * Delivers completed calls to the application's message-driven bean, journal first: a record is
 * journalled before the first attempt and marked done only when the bean's {@code callCompleted}
 * returned normally (the application then has it, logged or dead-lettered by itself). A later
 * change of a call's kind ({@code callKindChanged}) takes the same path: journalled, retried,
 * replayed, in the one order of the journal; "record" below means either.
 *
 * <p>While the application takes records, completed calls are handed over in batches, as a database
 * commits in groups: a record goes at once while fewer than {@code batchesInFlight} deliveries are
 * under way; otherwise it waits with the others that come meanwhile, and they go together ({@code
 * callsCompleted}, one transaction in the application) when a delivery ends, when {@code maxBatch}
 * of them wait, or after {@code maxWait} at most. A quiet service thus delivers each call at once
 * and a busy one a few dozen per delivery; every record of a batch is marked done only when the
 * whole batch was taken. A kind change is handed over alone, after the records waiting before it.
 * After a failure (no application listening, its database down, a redeployment) new records only
 * wait in the journal, and replay passes hand over every pending record, at most {@code
 * maxInFlight} at a time, oldest first, after the {@link Backoff} delay (1 s, 2 s, 4 s ... up to
 * the replay interval) for as long as any is pending; a pass stops early after {@code maxInFlight}
 * failures in a row, so an outage costs a few attempts per interval, not one per record. The same
 * passes replay what a restart found in the journal, once the application listens again. A record
 * is never handed over twice at the same time; after an unclear failure it may be handed over
 * again, which the application ignores as a Call-ID it already logged.
 */
final class CallRecordDelivery implements CallSink {

  private static final Logger LOG = Logger.getLogger(CallRecordDelivery.class.getName());

  /** Most completed calls in one delivery. */
  static final int MAX_BATCH = 100;

  /** Batch deliveries under way before new completed calls wait to go together. */
  static final int BATCHES_IN_FLIGHT = 2;

  /** Longest a completed call waits for a batch. */
  static final Duration MAX_BATCH_WAIT = Duration.ofMillis(10);

  private static final Method CALL_COMPLETED =
      SipResourceAdapter.listenerMethod("callCompleted", CallCompletedRecord.class);
  private static final Method CALLS_COMPLETED =
      SipResourceAdapter.listenerMethod("callsCompleted", List.class);
  private static final Method CALL_KIND_CHANGED =
      SipResourceAdapter.listenerMethod("callKindChanged", CallKindChange.class);

  /** Runs a Work on the WorkManager ({@code WorkManager::scheduleWork} in the adapter). */
  @FunctionalInterface
  interface WorkScheduler {
    void schedule(Work work) throws WorkException;
  }

  private final CallJournal journal;
  private final Supplier<MessageEndpointFactory> endpoint;
  private final WorkScheduler works;
  private final ProxyScheduler timers;
  private final Backoff backoff;
  private final int maxInFlight;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean taking = new AtomicBoolean(true);
  private final int maxBatch;
  private final int batchesInFlight;
  private final Duration maxWait;

  // Batching, guarded by collected.
  private final List<Pending> collected = new ArrayList<>();
  private int batchesUnderWay;
  private ProxyScheduler.Cancellable collectTimer;

  // Replay scheduling, guarded by this.
  private ProxyScheduler.Cancellable waiting;
  private boolean running;
  private boolean again;
  private boolean stopped;
  private int failedPasses;

  /**
   * @param endpoint the application's endpoint factory, or null while none is listening
   * @param maxInFlight most records handed over at once by a replay pass
   */
  CallRecordDelivery(
      CallJournal journal,
      Supplier<MessageEndpointFactory> endpoint,
      WorkScheduler works,
      ProxyScheduler timers,
      Backoff backoff,
      int maxInFlight) {
    this(
        journal,
        endpoint,
        works,
        timers,
        backoff,
        maxInFlight,
        MAX_BATCH,
        BATCHES_IN_FLIGHT,
        MAX_BATCH_WAIT);
  }

  /**
   * @param maxBatch most completed calls handed over in one delivery
   * @param batchesInFlight deliveries of completed calls under way before new ones wait to be
   *     batched
   * @param maxWait longest a completed call waits for a batch
   */
  CallRecordDelivery(
      CallJournal journal,
      Supplier<MessageEndpointFactory> endpoint,
      WorkScheduler works,
      ProxyScheduler timers,
      Backoff backoff,
      int maxInFlight,
      int maxBatch,
      int batchesInFlight,
      Duration maxWait) {
    this.maxBatch = maxBatch;
    this.batchesInFlight = batchesInFlight;
    this.maxWait = maxWait;
    this.journal = journal;
    this.endpoint = endpoint;
    this.works = works;
    this.timers = timers;
    this.backoff = backoff;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Journals the record and hands it over at once while the application takes records. Called on
   * SIP threads.
   */
  @Override
  public void deliver(CallCompletedRecord record) {
    deliver(CallReport.of(record));
  }

  /** Journals the kind change and hands it over like a record. Called on SIP threads. */
  @Override
  public void kindChanged(CallKindChange change) {
    deliver(CallReport.of(change));
  }

  private void deliver(CallReport report) {
    Pending entry = journal.append(report);
    if (!taking.get()) {
      replayLater();
    } else if (report instanceof CallReport.Completed) {
      collect(entry);
    } else {
      sendCollected(); // the records journalled before it go first
      if (!attempt(entry, (p, failure) -> {})) {
        replayLater();
      }
    }
  }

  /** Hands a completed call over now, or keeps it for the next batch while enough are under way. */
  private void collect(Pending entry) {
    List<Pending> batch = null;
    synchronized (collected) {
      collected.add(entry);
      if (batchesUnderWay < batchesInFlight || collected.size() >= maxBatch) {
        batch = drainCollected();
      } else if (collectTimer == null) {
        collectTimer = timers.schedule(this::sendCollected, maxWait);
      }
    }
    if (batch != null) {
      send(batch);
    }
  }

  /** Hands over what waits for a batch, however many deliveries are under way. */
  private void sendCollected() {
    List<Pending> batch;
    synchronized (collected) {
      collectTimer = null;
      batch = collected.isEmpty() ? null : drainCollected();
    }
    if (batch != null) {
      send(batch);
    }
  }

  /** Takes what waits as one batch under way; holding the lock of collected. */
  private List<Pending> drainCollected() {
    List<Pending> batch = new ArrayList<>(collected);
    collected.clear();
    if (collectTimer != null) {
      collectTimer.cancel();
      collectTimer = null;
    }
    batchesUnderWay++;
    return batch;
  }

  private void send(List<Pending> batch) {
    if (!attemptBatch(batch)) {
      batchEnded();
      replayLater();
    }
  }

  /**
   * A batch delivery ended: what waited meanwhile goes now, or, when the application did not take
   * the batch, is left to the replay passes (it is in the journal).
   */
  private void batchEnded() {
    List<Pending> batch = null;
    synchronized (collected) {
      batchesUnderWay--;
      if (!collected.isEmpty()) {
        if (taking.get() && !isStopped()) {
          batch = drainCollected();
        } else {
          collected.clear();
          if (collectTimer != null) {
            collectTimer.cancel();
            collectTimer = null;
          }
        }
      }
    }
    if (batch != null) {
      send(batch);
    } else if (!taking.get()) {
      replayLater();
    }
  }

  /**
   * Hands a batch of completed calls to the bean in one delivery, leaving out those already being
   * handed over or taken meanwhile; {@link #batchEnded} follows once it ends.
   *
   * @return false when not started (and batchEnded is the caller's)
   */
  private boolean attemptBatch(List<Pending> batch) {
    MessageEndpointFactory factory = endpoint.get();
    if (factory == null || isStopped()) {
      return false;
    }
    List<Pending> mine = new ArrayList<>(batch.size());
    for (Pending entry : batch) {
      if (journal.isPending(entry) && inFlight.add(entry.id())) {
        mine.add(entry);
      }
    }
    if (mine.isEmpty()) {
      batchEnded();
      return true;
    }
    List<CallCompletedRecord> records =
        mine.stream().map(p -> ((CallReport.Completed) p.report()).record()).toList();
    String first = MalformedInputLog.escape(records.get(0).callId(), 200);
    EndpointWork<Void> work =
        new EndpointWork<>(
            factory,
            CALLS_COMPLETED,
            (CallListener l) -> {
              l.callsCompleted(records);
              return null;
            },
            records.size() + " calls completed, first call-id=" + first,
            Level.FINE); // this class says it, once per outage
    work.result()
        .whenComplete(
            (ok, failure) -> {
              for (Pending entry : mine) {
                if (failure == null) {
                  journal.done(entry); // before leaving inFlight, so that no pass picks it up again
                }
                inFlight.remove(entry.id());
              }
              tookOrNot(mine.get(0).report(), failure);
              batchEnded();
            });
    try {
      works.schedule(work);
    } catch (WorkException | RuntimeException e) {
      work.result().completeExceptionally(e);
    }
    return true;
  }

  /** Replays pending records now: the application has just started listening. */
  synchronized void replayNow() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (waiting != null) {
      waiting.cancel();
    }
    waiting = timers.schedule(this::startPass, Duration.ZERO);
  }

  /** Starts no more deliveries or replays (the adapter stops); those under way finish. */
  synchronized void stop() {
    stopped = true;
    if (waiting != null) {
      waiting.cancel();
      waiting = null;
    }
  }

  /** Records that the application has not taken yet. */
  int pendingCount() {
    return journal.getPendingRecords();
  }

  private synchronized void replayLater() {
    if (!running && waiting == null && !stopped) {
      waiting = timers.schedule(this::startPass, backoff.delay(failedPasses));
    }
  }

  /**
   * Hands one record to the bean unless it is already being handed over or no application listens.
   *
   * @return false when not started
   */
  private boolean attempt(Pending entry, BiConsumer<Pending, Throwable> after) {
    MessageEndpointFactory factory = endpoint.get();
    if (factory == null || isStopped() || !inFlight.add(entry.id())) {
      return false;
    }
    CallReport record = entry.report();
    EndpointWork<Void> work = work(factory, record);
    work.result()
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                journal.done(entry); // before leaving inFlight, so that no pass picks it up again
              }
              inFlight.remove(entry.id());
              tookOrNot(record, failure);
              after.accept(entry, failure);
            });
    try {
      works.schedule(work);
    } catch (WorkException | RuntimeException e) {
      work.result().completeExceptionally(e);
    }
    return true;
  }

  /** The bean's invocation for a report. */
  private static EndpointWork<Void> work(MessageEndpointFactory factory, CallReport report) {
    String callId = MalformedInputLog.escape(report.callId(), 200);
    if (report instanceof CallReport.KindChanged changed) {
      return new EndpointWork<>(
          factory,
          CALL_KIND_CHANGED,
          (CallListener l) -> {
            l.callKindChanged(changed.change());
            return null;
          },
          "call kind changed to " + changed.change().kind() + " call-id=" + callId,
          Level.FINE); // this class says it, once per outage
    }
    CallCompletedRecord completed = ((CallReport.Completed) report).record();
    return new EndpointWork<>(
        factory,
        CALL_COMPLETED,
        (CallListener l) -> {
          l.callCompleted(completed);
          return null;
        },
        "call completed call-id=" + callId,
        Level.FINE); // this class says it, once per outage
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  private void tookOrNot(CallReport record, Throwable failure) {
    if (failure == null) {
      taking.set(true);
    } else if (taking.getAndSet(false)) {
      LOG.log(
          Level.WARNING,
          failure,
          () ->
              "The application did not take call-id="
                  + MalformedInputLog.escape(record.callId(), 200)
                  + " ("
                  + failure
                  + "); completed calls wait in the journal and are replayed until it does ("
                  + journal.getPendingRecords()
                  + " pending)");
      replayLater();
    } else {
      replayLater();
    }
  }

  private void startPass() {
    List<Pending> todo;
    Level level;
    synchronized (this) {
      waiting = null;
      if (running || stopped) {
        return;
      }
      if (endpoint.get() == null) {
        return; // endpointActivation calls replayNow
      }
      todo = journal.pending();
      todo.removeIf(p -> inFlight.contains(p.id()));
      if (todo.isEmpty()) {
        return;
      }
      running = true;
      again = false;
      level = failedPasses == 0 ? Level.INFO : Level.FINE;
    }
    LOG.log(level, () -> "Replaying " + todo.size() + " pending call records to the application");
    new Pass(todo).fill();
  }

  private void endPass(Pass pass) {
    boolean quiet;
    Duration next;
    synchronized (this) {
      quiet = failedPasses > 0 && pass.delivered == 0;
      failedPasses = pass.failed > 0 ? failedPasses + 1 : 0;
      running = false;
      next = again ? Duration.ZERO : backoff.delay(failedPasses);
      if (journal.getPendingRecords() > 0 && endpoint.get() != null && !stopped) {
        waiting = timers.schedule(this::startPass, next);
      }
    }
    LOG.log(
        quiet ? Level.FINE : Level.INFO,
        () ->
            "Replay of "
                + pass.total
                + " call records ended: "
                + pass.delivered
                + " delivered, "
                + pass.failed
                + " failed"
                + (pass.stoppedEarly ? " (stopped: the application does not take them)" : "")
                + "; "
                + journal.getPendingRecords()
                + " pending"
                + (journal.getPendingRecords() > 0
                    ? ", next replay in " + next.toSeconds() + " s"
                    : ""));
  }

  /**
   * One pass over the records pending when it began, with at most maxInFlight handed over at once.
   */
  private final class Pass {
    private final int total;
    private final Iterator<Pending> todo;
    private int active;
    private int delivered;
    private int failed;
    private int failuresInARow;
    private boolean stoppedEarly;
    private boolean ended;

    Pass(List<Pending> todo) {
      this.total = todo.size();
      this.todo = todo.iterator();
    }

    void fill() {
      boolean end;
      synchronized (this) {
        while (active < maxInFlight && !stoppedEarly && todo.hasNext()) {
          Pending next = todo.next();
          if (!journal.isPending(next)) {
            continue;
          }
          active++;
          if (!attempt(next, this::finished)) {
            active--;
            stoppedEarly |= endpoint.get() == null;
          }
        }
        end = active == 0 && !ended && (stoppedEarly || !todo.hasNext());
        ended |= end;
      }
      if (end) {
        endPass(this);
      }
    }

    private void finished(Pending entry, Throwable failure) {
      synchronized (this) {
        active--;
        if (failure == null) {
          delivered++;
          failuresInARow = 0;
        } else {
          failed++;
          stoppedEarly |= ++failuresInARow >= maxInFlight;
        }
      }
      fill();
    }
  }
}
