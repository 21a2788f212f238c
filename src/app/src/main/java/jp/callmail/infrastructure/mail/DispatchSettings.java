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
 * @param lease how long a claimed row stays the claimer's: should its instance die between claim
 *     and record, another instance sends the row once the lease ends (several instances share one
 *     outbox). Far longer than a batch takes, or a slow batch's rows would be sent twice.
 * @param recordEvery how soon the outcomes of a batch's mails are recorded while it is being sent
 *     ({@link Duration#ZERO}: each mail's as soon as the relay replied). A mail the relay accepted
 *     whose outcome is not recorded yet is sent again (same Message-ID) by another instance should
 *     this one die: at most this long's worth of mails per sender.
 */
public record DispatchSettings(
    int senders, int batchSize, Duration keepAlive, Duration lease, Duration recordEvery) {

  /** Claims put the ids into one SQL IN list; keep it short. */
  static final int MAX_BATCH = 500;

  /** The default lease: five minutes. */
  static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  /** The shortest lease accepted: a batch of {@link #MAX_BATCH} mails takes a few seconds. */
  static final Duration MIN_LEASE = Duration.ofSeconds(30);

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
