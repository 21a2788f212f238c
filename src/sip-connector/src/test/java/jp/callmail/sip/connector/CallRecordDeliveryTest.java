package jp.callmail.sip.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.transaction.xa.XAResource;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.api.WithheldReason;
import jp.callmail.sip.connector.journal.CallJournal;
import jp.callmail.sip.connector.journal.JournalSettings;
import jp.callmail.sip.connector.proxy.ProxyScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter's delivery path with a fake message-driven bean behind a fake endpoint factory. */
class CallRecordDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path directory;

  private static CallCompletedRecord record(String callId) {
    return new CallCompletedRecord(
        callId,
        "0312345678",
        Instant.now(),
        "0612345678",
        WithheldReason.NONE,
        3,
        CallOutcome.NOT_ANSWERED,
        CallKind.VOICE);
  }

  private static CallKindChange faxFrom(String callId) {
    return new CallKindChange(callId, "0312345678", CallKind.FAX, Instant.now());
  }

  private final ExecutorService workManager = Executors.newFixedThreadPool(8);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final FakeBean bean = new FakeBean();
  private final AtomicReference<MessageEndpointFactory> listening =
      new AtomicReference<>(new FakeFactory(bean));
  private CallJournal journal;

  @AfterEach
  void stop() {
    workManager.shutdownNow();
    timer.shutdownNow();
    if (journal != null) {
      journal.close();
    }
  }

  private CallRecordDelivery delivery() throws Exception {
    if (journal != null) {
      journal.close();
    }
    journal =
        CallJournal.open(
            JournalSettings.in(directory),
            task -> new Thread(task, "test-journal-writer").start(),
            Clock.systemUTC());
    ProxyScheduler timers =
        (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS)::isDone;
    return new CallRecordDelivery(
        journal,
        listening::get,
        workManager::execute,
        timers,
        new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)),
        4);
  }

  @Test
  void aRecordTheApplicationRefusesThreeTimesIsTakenExactlyOnceAfterwards() throws Exception {
    bean.failuresLeft.set(3);
    CallRecordDelivery delivery = delivery();

    delivery.deliver(record("flaky@host"));

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken).containsOnlyKeys("flaky@host");
    assertThat(bean.taken.get("flaky@host")).hasValue(1);
    assertThat(bean.invocations).hasValue(4);
    assertThat(delivery().pendingCount())
        .as("nothing left in the journal after a restart")
        .isZero();
  }

  @Test
  void aKindChangeTheApplicationRefusesIsRetriedAndTakenOnceAsAKindChange() throws Exception {
    bean.failuresLeft.set(2);
    CallRecordDelivery delivery = delivery();

    delivery.deliver(record("switched@host"));
    delivery.kindChanged(faxFrom("switched@host"));

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken.get("switched@host")).as("the record").hasValue(1);
    assertThat(bean.kindChanges.get("switched@host")).as("the kind change").hasValue(1);
    assertThat(bean.methods).contains("callCompleted", "callKindChanged");
  }

  @Test
  void recordsCompletedWhileNoApplicationListensAreReplayedOnceItDoes() throws Exception {
    listening.set(null);
    CallRecordDelivery delivery = delivery();
    for (int i = 0; i < 5; i++) {
      delivery.deliver(record("early-" + i + "@host"));
    }
    Thread.sleep(300);
    assertThat(bean.invocations).hasValue(0);
    assertThat(journal.getPendingRecords()).isEqualTo(5);

    listening.set(new FakeFactory(bean));
    delivery.replayNow();

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken).hasSize(5).allSatisfy((callId, times) -> assertThat(times).hasValue(1));
  }

  @Test
  void recordsJournalledBeforeARestartAreReplayedAfterIt() throws Exception {
    listening.set(null);
    CallRecordDelivery before = delivery();
    before.deliver(record("before-restart@host"));
    before.kindChanged(faxFrom("fax-before-restart@host"));
    before.stop();
    journal.close();

    listening.set(new FakeFactory(bean));
    CallRecordDelivery after = delivery();
    assertThat(after.pendingCount()).isEqualTo(2);
    after.replayNow();

    await().atMost(WAIT).until(() -> bean.taken.containsKey("before-restart@host"));
    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken.get("before-restart@host")).hasValue(1);
    assertThat(bean.kindChanges.get("fax-before-restart@host"))
        .as("a kind change survives a restart like a record")
        .hasValue(1);
  }

  @Test
  void aFailedCommitInAfterDeliveryCountsAsNotTaken() throws Exception {
    bean.commitFailuresLeft.set(1);
    CallRecordDelivery delivery = delivery();

    delivery.deliver(record("rolled-back@host"));

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.invocations).hasValue(2);
    assertThat(bean.commits).hasValue(1);
  }

  @Test
  void duringAnOutageNoRecordIsHandedOverTwiceAtOnceAndAllArriveAfterIt() throws Exception {
    bean.failuresLeft.set(Integer.MAX_VALUE);
    bean.slowMillis = 5;
    CallRecordDelivery delivery = delivery();
    delivery.deliver(record("outage-0@host"));
    await().atMost(WAIT).until(() -> bean.invocations.get() >= 1); // the outage is noticed
    Thread.sleep(50);
    for (int i = 1; i < 200; i++) {
      delivery.deliver(record("outage-" + i + "@host"));
    }
    Thread.sleep(500);
    int attemptsDuringOutage = bean.invocations.get();
    bean.failuresLeft.set(0);

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.maxConcurrentPerCall).hasValue(1);
    assertThat(bean.taken).hasSize(200);
    assertThat(attemptsDuringOutage)
        .as("an outage costs a few attempts per pass, not one per record and pass")
        .isLessThan(100);
  }

  @Test
  void callsCompletedWhileDeliveriesAreUnderWayGoTogetherAndEachIsTakenOnce() throws Exception {
    bean.slowMillis = 50;
    CallRecordDelivery delivery = delivery();

    for (int i = 0; i < 300; i++) {
      delivery.deliver(record("busy-" + i + "@host"));
    }

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken)
        .hasSize(300)
        .allSatisfy((callId, times) -> assertThat(times).hasValue(1));
    assertThat(bean.methods).containsOnly("callsCompleted");
    assertThat(bean.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    assertThat(bean.batches.size())
        .as("batches of up to %d, not one delivery per call: %s", 100, bean.batches)
        .isLessThan(30);
    assertThat(bean.batches).allSatisfy(size -> assertThat(size).isBetween(1, 100));
  }

  @Test
  void aBatchTheApplicationDoesNotTakeStaysInTheJournalAndEachRecordArrivesOnce() throws Exception {
    bean.slowMillis = 20;
    bean.failuresLeft.set(3);
    CallRecordDelivery delivery = delivery();

    for (int i = 0; i < 50; i++) {
      delivery.deliver(record("batch-outage-" + i + "@host"));
    }

    await().atMost(WAIT).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.taken).hasSize(50).allSatisfy((callId, times) -> assertThat(times).hasValue(1));
    assertThat(bean.maxConcurrentPerCall).hasValue(1);
  }

  @Test
  void aQuietServiceHandsEachCallOverAtOnce() throws Exception {
    CallRecordDelivery delivery = delivery();

    delivery.deliver(record("alone@host"));

    await().atMost(Duration.ofSeconds(2)).until(() -> journal.getPendingRecords() == 0);
    assertThat(bean.batches).containsExactly(1);
  }

  /** The application's bean: takes records, fails while told to, and counts. */
  static final class FakeBean implements CallListener {
    final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> kindChanges = new ConcurrentHashMap<>();
    final List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    final AtomicInteger invocations = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger commitFailuresLeft = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger maxConcurrentPerCall = new AtomicInteger();
    volatile long slowMillis;
    final List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void callCompleted(CallCompletedRecord record) {
      callsCompleted(List.of(record), false);
    }

    /** One invocation for them all, failing them all together as one transaction would. */
    @Override
    public void callsCompleted(List<CallCompletedRecord> records) {
      callsCompleted(records, true);
    }

    private void callsCompleted(List<CallCompletedRecord> records, boolean batch) {
      invocations.incrementAndGet();
      if (batch) {
        batches.add(records.size());
      }
      List<AtomicInteger> now = new ArrayList<>();
      for (CallCompletedRecord record : records) {
        AtomicInteger running =
            this.running.computeIfAbsent(record.callId(), k -> new AtomicInteger());
        maxConcurrentPerCall.accumulateAndGet(running.incrementAndGet(), Math::max);
        now.add(running);
      }
      try {
        if (slowMillis > 0) {
          Thread.sleep(slowMillis);
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new IllegalStateException("database unavailable");
        }
        for (CallCompletedRecord record : records) {
          taken.computeIfAbsent(record.callId(), k -> new AtomicInteger()).incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        now.forEach(AtomicInteger::decrementAndGet);
      }
    }

    @Override
    public void callKindChanged(CallKindChange change) {
      invocations.incrementAndGet();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("database unavailable");
      }
      kindChanges.computeIfAbsent(change.callId(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public LineRoute lookupLine(String calledNumber) {
      throw new UnsupportedOperationException();
    }

    @Override
    public LineRoutes lineRoutes(Instant changedSince) {
      throw new UnsupportedOperationException();
    }

    @Override
    public IvrCaller ivrCaller(String callerNumber) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TemporaryPasswordOutcome setTemporaryPassword(
        String line, IvrService s, String p, String c) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * The container's side: an endpoint per delivery that forwards to the bean, with the JCA calls
   * checked.
   */
  static final class FakeFactory implements MessageEndpointFactory {
    private final FakeBean bean;

    FakeFactory(FakeBean bean) {
      this.bean = bean;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
      return new Endpoint(bean);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
      return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
      return true;
    }

    @Override
    public String getActivationName() {
      return "fake";
    }

    @Override
    public Class<?> getEndpointClass() {
      return FakeBean.class;
    }
  }

  /**
   * Fails the test's expectations loudly if the adapter breaks the
   * beforeDelivery/afterDelivery/release order.
   */
  static final class Endpoint implements MessageEndpoint, CallListener {
    private final FakeBean bean;
    private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    Endpoint(FakeBean bean) {
      this.bean = bean;
    }

    @Override
    public void beforeDelivery(Method method) {
      calls.add("before");
      bean.methods.add(method.getName());
    }

    @Override
    public void afterDelivery() throws ResourceException {
      if (!calls.equals(List.of("before", "invoke"))) {
        throw new IllegalStateException("afterDelivery out of order: " + calls);
      }
      calls.add("after");
      if (bean.commitFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new UnavailableException("commit failed");
      }
      bean.commits.incrementAndGet();
    }

    @Override
    public void release() {
      if (!calls.contains("after")) {
        throw new IllegalStateException("released before afterDelivery: " + calls);
      }
    }

    @Override
    public void callCompleted(CallCompletedRecord record) {
      calls.add("invoke");
      bean.callCompleted(record);
    }

    @Override
    public void callsCompleted(List<CallCompletedRecord> records) {
      calls.add("invoke");
      bean.callsCompleted(records);
    }

    @Override
    public void callKindChanged(CallKindChange change) {
      calls.add("invoke");
      bean.callKindChanged(change);
    }

    @Override
    public LineRoute lookupLine(String calledNumber) {
      return bean.lookupLine(calledNumber);
    }

    @Override
    public LineRoutes lineRoutes(Instant changedSince) {
      return bean.lineRoutes(changedSince);
    }

    @Override
    public IvrCaller ivrCaller(String callerNumber) {
      return bean.ivrCaller(callerNumber);
    }

    @Override
    public TemporaryPasswordOutcome setTemporaryPassword(
        String line, IvrService s, String p, String c) {
      return bean.setTemporaryPassword(line, s, p, c);
    }
  }
}
