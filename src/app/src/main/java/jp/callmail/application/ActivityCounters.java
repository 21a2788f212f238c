package jp.callmail.application;

import jp.callmail.domain.model.call.CallOutcome;

/**
 * Port: what the service counts for operators ({@code /metrics}): calls by outcome and mails by
 * final state. Implemented by {@code infrastructure.metrics.CallmailMetrics}; an interface so that
 * neither the application nor the outbox depends on the metrics registry (the outbox feeds the
 * metrics' gauges, and counting through this port keeps the two from depending on each other).
 *
 * <p>Counting never changes what is counted: an implementation logs and swallows its own failures.
 */
public interface ActivityCounters {

  /** A completed call to a service line was logged. */
  void callObserved(CallOutcome outcome);

  /** The relay accepted a mail. */
  void mailSent();

  /** A mail failed for good (5xx, or retries given up). */
  void mailFailed();

  /** A mail failed for now and was scheduled again. */
  void mailRetried();
}
