package jp.callmail.sip.connector.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the journal lives and how it writes.
 *
 * @param directory the segments' directory; must survive a restart of the server
 * @param maxSegmentBytes size at which a new segment is begun
 * @param commitInterval how long the writer gathers lines before one fsync (group commit)
 * @param commitBatch most lines per fsync
 * @param queueCapacity lines waiting for the writer; beyond them a record is kept in memory only,
 *     so that a stalled disk never stalls a SIP thread
 */
public record JournalSettings(
    Path directory,
    long maxSegmentBytes,
    Duration commitInterval,
    int commitBatch,
    int queueCapacity) {

  public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(5);
  public static final int DEFAULT_COMMIT_BATCH = 256;
  public static final int DEFAULT_QUEUE_CAPACITY = 20_000;

  public JournalSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (maxSegmentBytes < 1024) {
      throw new IllegalArgumentException(
          "journal segments must be at least 1024 bytes, not " + maxSegmentBytes);
    }
    if (commitBatch < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("journal batch and queue must hold at least one line");
    }
  }

  /** The defaults in a directory. */
  public static JournalSettings in(Path directory) {
    return new JournalSettings(
        directory,
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_COMMIT_INTERVAL,
        DEFAULT_COMMIT_BATCH,
        DEFAULT_QUEUE_CAPACITY);
  }
}
