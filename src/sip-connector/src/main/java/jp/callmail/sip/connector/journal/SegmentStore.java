package jp.callmail.sip.connector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The journal's files: append-only segments {@code segment-<number>.log} in one directory, used by
 * the journal's single writer thread only (hence no locks).
 *
 * <p>A new segment is begun on every open and after every write failure, so a line torn by a crash
 * is always the last of its segment, and is skipped when read. Segments are deleted oldest first
 * only: a done-mark may sit in a later segment than its record, and deleting that later segment
 * first would bring the record back. So that one record the application refuses for days does not
 * keep every later segment, the oldest segment is compacted once at most a tenth of its records are
 * pending: those are copied into the current segment, made durable, and the old file deleted.
 */
final class SegmentStore implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SegmentStore.class.getName());
  private static final Pattern NAME = Pattern.compile("segment-(\\d{1,19})\\.log");

  private final Path directory;
  private final long maxSegmentBytes;

  /**
   * Live segments by number, oldest first, each with the pending records whose newest copy is in
   * it.
   */
  private final TreeMap<Long, Map<Long, CallReport>> segments = new TreeMap<>();

  /** For each pending id, the segment that holds its newest copy. */
  private final Map<Long, Long> segmentOf = new HashMap<>();

  /** Records per segment when it was written or read (to judge compaction). */
  private final Map<Long, Integer> recordsIn = new HashMap<>();

  private final FileChannel lockFile;
  private FileChannel current;
  private long currentNumber;
  private long currentBytes;
  private long nextId = 1;
  private long syncs;

  private SegmentStore(Path directory, long maxSegmentBytes, FileChannel lockFile) {
    this.directory = directory;
    this.maxSegmentBytes = maxSegmentBytes;
    this.lockFile = lockFile;
  }

  /** What an opened journal holds. */
  record Loaded(SegmentStore store, Map<Long, CallReport> pending, int skippedLines) {}

  /**
   * Reads every segment of the directory (made if missing, readable by its owner only) and begins a
   * new one.
   */
  static Loaded open(Path directory, long maxSegmentBytes) throws IOException {
    createPrivateDirectory(directory);
    SegmentStore store = new SegmentStore(directory, maxSegmentBytes, lock(directory));
    try {
      return store.load();
    } catch (IOException | RuntimeException e) {
      store.lockFile.close();
      throw e;
    }
  }

  private Loaded load() throws IOException {
    Map<Long, CallReport> records = new HashMap<>();
    Set<Long> done = new HashSet<>();
    int skipped = 0;
    long lastNumber = 0;
    for (Map.Entry<Long, Path> segment : segmentFiles().entrySet()) {
      long number = segment.getKey();
      lastNumber = number;
      segments.put(number, new LinkedHashMap<>());
      int count = 0;
      List<String> lines = lines(segment.getValue());
      for (int i = 0; i < lines.size(); i++) {
        try {
          JournalLine.Parsed line = JournalLine.parse(lines.get(i));
          nextId = Math.max(nextId, line.id() + 1);
          if (line instanceof JournalLine.Entry entry) {
            count++;
            records.put(entry.id(), entry.report());
            segmentOf.put(entry.id(), number); // the newest copy wins
          } else {
            done.add(line.id());
          }
        } catch (IllegalArgumentException e) {
          skipped++;
          int lineNumber = i + 1;
          LOG.warning(
              () ->
                  "Journal line skipped ("
                      + e.getMessage()
                      + "): "
                      + segment.getValue()
                      + " line "
                      + lineNumber);
        }
      }
      recordsIn.put(number, count);
    }
    records.keySet().removeAll(done);
    segmentOf.keySet().retainAll(records.keySet());
    segmentOf.forEach((id, number) -> segments.get(number).put(id, records.get(id)));
    currentNumber = lastNumber;
    begin();
    reclaim();
    return new Loaded(this, records, skipped);
  }

  long nextId() {
    return nextId;
  }

  /** Writes a record's line (not yet forced to disk). */
  void append(long id, CallReport record) throws IOException {
    write(JournalLine.entry(id, record));
    segments.get(currentNumber).put(id, record);
    segmentOf.put(id, currentNumber);
    recordsIn.merge(currentNumber, 1, Integer::sum);
  }

  /** Writes a done-mark (not yet forced); false when the id is not pending here. */
  boolean done(long id) throws IOException {
    Long number = segmentOf.remove(id);
    if (number == null) {
      return false;
    }
    segments.get(number).remove(id);
    write(JournalLine.done(id));
    return true;
  }

  /**
   * Forces what was written to disk, then rotates a full segment and deletes or compacts old ones.
   */
  void commit() throws IOException {
    current.force(false);
    syncs++;
    if (currentBytes >= maxSegmentBytes) {
      begin();
    }
    reclaim();
  }

  /**
   * After a failed write or force: the current segment may end in a torn line, so it is left and a
   * new one begun; the records not known to be on disk are written again into it.
   */
  void recover(Map<Long, CallReport> notOnDisk) throws IOException {
    closeCurrent();
    begin();
    for (Map.Entry<Long, CallReport> record : notOnDisk.entrySet()) {
      Long old = segmentOf.remove(record.getKey());
      if (old != null) {
        segments.get(old).remove(record.getKey());
      }
      append(record.getKey(), record.getValue());
    }
    commit();
  }

  /** How many times the journal was forced to disk. */
  long syncs() {
    return syncs;
  }

  /** Segment files on disk. */
  int segmentCount() {
    return segments.size();
  }

  private void write(String line) throws IOException {
    if (current == null) {
      throw new IOException("no journal segment is open in " + directory);
    }
    ByteBuffer bytes = ByteBuffer.wrap((line + '\n').getBytes(StandardCharsets.UTF_8));
    currentBytes += bytes.remaining();
    while (bytes.hasRemaining()) {
      current.write(bytes);
    }
  }

  private void begin() throws IOException {
    closeCurrent();
    long number = currentNumber + 1;
    Path file = segmentFile(number);
    try {
      current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          "journal segment " + file + " exists already: is another server using " + directory + "?",
          e);
    }
    currentNumber = number;
    currentBytes = 0;
    segments.put(currentNumber, new LinkedHashMap<>());
    recordsIn.put(currentNumber, 0);
    forceDirectory();
  }

  /**
   * Deletes the oldest segments while they hold no pending record, compacting one that holds few.
   */
  private void reclaim() throws IOException {
    boolean deleted = false;
    while (segments.firstKey() != currentNumber) {
      long oldest = segments.firstKey();
      Map<Long, CallReport> pending = segments.get(oldest);
      if (pending.size() * 10L > recordsIn.getOrDefault(oldest, 0)) {
        break;
      }
      if (!pending.isEmpty()) {
        Map<Long, CallReport> carried = new LinkedHashMap<>(pending);
        for (Map.Entry<Long, CallReport> record : carried.entrySet()) {
          append(record.getKey(), record.getValue());
        }
        current.force(false);
        syncs++;
        LOG.info(
            () ->
                "Journal segment "
                    + oldest
                    + " compacted: "
                    + carried.size()
                    + " pending records carried forward");
      }
      segments.remove(oldest);
      recordsIn.remove(oldest);
      Files.deleteIfExists(segmentFile(oldest));
      deleted = true;
    }
    if (deleted) {
      forceDirectory();
    }
  }

  private Path segmentFile(long number) {
    return directory.resolve(String.format("segment-%019d.log", number));
  }

  private TreeMap<Long, Path> segmentFiles() throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(directory)) {
      list.forEach(
          file -> {
            Matcher name = NAME.matcher(file.getFileName().toString());
            if (name.matches()) {
              files.put(Long.parseLong(name.group(1)), file);
            }
          });
    }
    return files;
  }

  /** The segment's complete lines; a last line without its line feed was torn by a crash. */
  private static List<String> lines(Path segment) throws IOException {
    String text = new String(Files.readAllBytes(segment), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    if (start < text.length()) {
      LOG.warning(
          () ->
              "Journal segment "
                  + segment
                  + " ends in a torn line (a crash while writing); it is skipped");
    }
    return lines;
  }

  /**
   * Holds {@code journal.lock} while open: two servers on one directory would delete each other's
   * segments. The operating system releases the lock when the process dies, even by kill -9.
   */
  private static FileChannel lock(Path directory) throws IOException {
    FileChannel channel =
        FileChannel.open(
            directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (OverlappingFileLockException sameProcess) {
      // held by an adapter of this JVM that has not stopped
    }
    channel.close();
    throw new IOException(
        "the journal "
            + directory
            + " is in use by another server or adapter;"
            + " give each instance its own callmail.sip.journal-dir");
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(directory);
    }
  }

  /** Makes a segment's creation or deletion itself durable (Linux allows forcing a directory). */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException notSupported) {
      LOG.log(Level.FINEST, "journal directory not forced", notSupported);
    }
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "journal segment not closed cleanly", e);
      }
      current = null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (current != null) {
        current.force(false);
        syncs++;
        closeCurrent();
      }
    } finally {
      lockFile.close();
    }
  }
}
