package jp.callmail.infrastructure.mail;

import java.time.Duration;

/**
 * How new outbox rows are handed to the relay: by a few senders that take the rows in batches and
 * keep their SMTP connection while work keeps coming (see {@link CoalescingSender}). Checked when
 * the configuration is read, so that a mistake shows at start-up.
 *
 * @param senders most senders at once, each with one SMTP connection
 * @param batchSize most rows claimed, sent and recorded together (also the poller's batch)
 * @param keepAlive how long a sender waits for more rows before it closes its connection and ends
 * @param lease how long a claim holds its rows for one sender; renewed while a batch is sent, it
 *     only ends early when the sender dies or the relay stalls, and then another sender takes the
 *     rows (several instances share one outbox)
 * @param recordEvery how soon the outcomes of a batch's mails are recorded while it is being sent
 *     ({@link Duration#ZERO}: each mail's as soon as the relay replied). A mail the relay accepted
 *     whose outcome is not recorded yet is sent again (same Message-ID) by another instance should
 *     this one die: at most this long's worth of mails per sender.
 */
public record DispatchSettings(
    int senders, int batchSize, Duration keepAlive, Duration lease, Duration recordEvery) {

  /** Claims put the ids into one SQL IN list; keep it short. */
  static final int MAX_BATCH = 500;

  /** The lease unless configured: far longer than a mail takes on a healthy relay. */
  static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  /** Renewal happens between mails, once half the lease is gone; shorter would renew every mail. */
  static final Duration MIN_LEASE = Duration.ofSeconds(2);

  public DispatchSettings(int senders, int batchSize, Duration keepAlive) {
    this(senders, batchSize, keepAlive, DEFAULT_LEASE, Duration.ZERO);
  }

  public DispatchSettings {
    if (senders < 1) {
      throw new IllegalArgumentException(
          "Mail setting dispatch.senders must be at least 1: " + senders);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException(
          "Mail setting dispatch.batch-size must be between 1 and " + MAX_BATCH + ": " + batchSize);
    }
    if (keepAlive == null || keepAlive.isNegative()) {
      throw new IllegalArgumentException(
          "Mail setting dispatch.keep-alive-millis must not be negative: " + keepAlive);
    }
    if (lease == null || lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException(
          "Mail setting dispatch.lease-seconds must be at least "
              + MIN_LEASE.toSeconds()
              + ": "
              + (lease == null ? null : lease.toSeconds()));
    }
    if (recordEvery == null || recordEvery.isNegative()) {
      throw new IllegalArgumentException(
          "Mail setting dispatch.record-every-millis must not be negative: " + recordEvery);
    }
  }
}
