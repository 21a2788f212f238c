package jp.callmail.infrastructure.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.ActivityCounters;
import jp.callmail.application.DeadLetters;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.infrastructure.mail.OutboxBacklog;
import jp.callmail.infrastructure.mail.OutboxStore;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The application's metrics in the MicroProfile application registry: calls observed by outcome,
 * mails by final state and retries (counters), and the outbox backlog and the unresolved dead
 * letters of call records (gauges read from the database at most every 5 seconds). Counting never
 * changes what is counted: a metrics failure is logged and swallowed here, never thrown into call
 * logging or mail delivery.
 */
@ApplicationScoped
public class CallmailMetrics implements ActivityCounters {

  private static final Logger LOG = Logger.getLogger(CallmailMetrics.class.getName());
  private static final String CALL_JOURNAL = "jp.callmail:type=CallJournal";
  private static final Duration BACKLOG_TTL = Duration.ofSeconds(5);

  @Inject private MetricRegistry registry;
  @Inject private OutboxStore outbox;
  @Inject private DeadLetters deadLetters;

  private Cached<OutboxBacklog> backlog;
  private Cached<Long> deadCallRecords;

  /** Registers the gauges at deployment, so that they are there before the first call. */
  void atStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // the observer's instance creation runs @PostConstruct
  }

  @PostConstruct
  void registerGauges() {
    backlog = new Cached<>(outbox::backlog, BACKLOG_TTL, Clock.systemUTC());
    deadCallRecords = new Cached<>(deadLetters::countOpen, BACKLOG_TTL, Clock.systemUTC());
    try {
      registry.gauge(
          Metadata.builder()
              .withName("callmail.outbox.pending")
              .withDescription(
                  "Mails waiting to be sent (PENDING or RETRYING); -1 when the database cannot tell")
              .build(),
          () -> backlog(OutboxBacklog::pending));
      registry.gauge(
          Metadata.builder()
              .withName("callmail.outbox.oldest.due.age")
              .withDescription(
                  "How long the oldest mail that is due has been waiting; -1 when the database cannot tell")
              .withUnit(MetricUnits.SECONDS)
              .build(),
          () -> backlog(OutboxBacklog::oldestDueAgeSeconds));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "outbox gauges not registered; /metrics lacks them", e);
    }
    try {
      registry.gauge(
          Metadata.builder()
              .withName("callmail.call.records.dead")
              .withDescription(
                  "Completed-call records the application refused and no operator has had recorded yet"
                      + " (dead letters); -1 when the database cannot tell")
              .build(),
          this::deadCallRecords);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "dead-letter gauge not registered; /metrics lacks it", e);
    }
    try {
      sipGauge(
          "callmail.sip.transactions",
          "SIP transactions the stack holds",
          "side",
          "server",
          "ServerTransactions");
      sipGauge(
          "callmail.sip.transactions",
          "SIP transactions the stack holds",
          "side",
          "client",
          "ClientTransactions");
      sipGauge(
          "callmail.sip.dialogs", "SIP dialogs the stack holds (the IVR's)", null, null, "Dialogs");
      sipGauge("callmail.ivr.calls", "IVR calls in progress", null, null, "IvrCalls");
      jmxGauge(
          CALL_JOURNAL,
          "callmail.call.records.pending",
          "Completed calls the application has not taken yet"
              + " (in the adapter's journal, replayed until taken)",
          "PendingRecords");
      jmxGauge(
          CALL_JOURNAL,
          "callmail.call.records.pending.oldest.age",
          "Seconds since the oldest pending call" + " began; 0 when none is pending",
          "OldestPendingSeconds");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SIP gauges not registered; /metrics lacks them", e);
    }
  }

  /**
   * A gauge read from the SIP connector's JMX bean (jp.callmail:type=SipStack): the adapter and the
   * application share no classes or state, only the platform MBean server. -1 without the adapter.
   */
  private void sipGauge(
      String name, String description, String tagName, String tagValue, String attribute) {
    jmxGauge("jp.callmail:type=SipStack", name, description, tagName, tagValue, attribute);
  }

  /**
   * A gauge read from the adapter's call record journal bean ({@value #CALL_JOURNAL}); -1 without
   * the adapter.
   */
  private void jmxGauge(String bean, String name, String description, String attribute) {
    jmxGauge(bean, name, description, null, null, attribute);
  }

  private void jmxGauge(
      String bean,
      String name,
      String description,
      String tagName,
      String tagValue,
      String attribute) {
    Metadata metadata = Metadata.builder().withName(name).withDescription(description).build();
    java.util.function.Supplier<Long> read =
        () -> {
          try {
            Object value =
                java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new javax.management.ObjectName(bean), attribute);
            return ((Number) value).longValue();
          } catch (javax.management.JMException | RuntimeException e) {
            return -1L;
          }
        };
    if (tagName == null) {
      registry.gauge(metadata, read);
    } else {
      registry.gauge(metadata, read, new org.eclipse.microprofile.metrics.Tag(tagName, tagValue));
    }
  }

  private long backlog(ToLongFunction<OutboxBacklog> value) {
    try {
      return value.applyAsLong(backlog.get());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "outbox backlog not measured", e);
      return -1;
    }
  }

  private long deadCallRecords() {
    try {
      return deadCallRecords.get();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "dead letters not counted", e);
      return -1;
    }
  }

  @Override
  public void callObserved(CallOutcome outcome) {
    count(
        "callmail.calls",
        "Calls to service lines, by outcome",
        "outcome",
        outcome.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void mailSent() {
    count("callmail.mails", "Mails that reached a final state", "state", "sent");
  }

  @Override
  public void mailFailed() {
    count("callmail.mails", "Mails that reached a final state", "state", "failed");
  }

  @Override
  public void mailRetried() {
    count(
        "callmail.mail.retries",
        "Mail deliveries that failed for now and were scheduled again",
        null,
        null);
  }

  private void count(String name, String description, String tag, String value) {
    try {
      Metadata metadata = Metadata.builder().withName(name).withDescription(description).build();
      if (tag == null) {
        registry.counter(metadata).inc();
      } else {
        registry.counter(metadata, new Tag(tag, value)).inc();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "metric " + name + " not counted", e);
    }
  }
}
