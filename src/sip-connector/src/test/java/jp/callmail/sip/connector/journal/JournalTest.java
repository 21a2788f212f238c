package jp.callmail.sip.connector.journal;

import static jp.callmail.sip.connector.journal.JournalLineTest.kindChange;
import static jp.callmail.sip.connector.journal.JournalLineTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.connector.journal.CallJournal.Pending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path directory;
  private final List<CallJournal> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(CallJournal::close);
  }

  private CallJournal open(long segmentBytes) throws IOException {
    JournalSettings settings =
        new JournalSettings(directory, segmentBytes, Duration.ofMillis(5), 256, 10_000);
    CallJournal journal =
        CallJournal.open(
            settings, task -> new Thread(task, "test-journal-writer").start(), Clock.systemUTC());
    opened.add(journal);
    return journal;
  }

  private CallJournal open() throws IOException {
    return open(JournalSettings.DEFAULT_SEGMENT_BYTES);
  }

  @Test
  void recordsNotMarkedDoneArePendingAfterAReopen() throws IOException {
    CallJournal journal = open();
    Pending first = journal.append(record("first@host"));
    Pending second = journal.append(record("second@host"));
    Pending third = journal.append(record("third@host"));
    journal.done(second);
    assertThat(journal.pending()).containsExactly(first, third);
    journal.close();

    CallJournal reopened = open();

    assertThat(reopened.pending()).containsExactly(first, third);
    Pending fourth = reopened.append(record("fourth@host"));
    assertThat(fourth.id()).isGreaterThan(third.id());
  }

  @Test
  void kindChangesAndRecordsOfBothKindsArePendingAfterAReopenInTheirOrder() throws IOException {
    CallJournal journal = open();
    Pending voice = journal.append(record("voice@host", CallKind.VOICE));
    Pending fax = journal.append(record("fax@host", CallKind.FAX));
    Pending change = journal.append(kindChange("voice@host"));
    Pending takenChange = journal.append(kindChange("taken@host"));
    journal.done(takenChange);
    journal.close();

    assertThat(open().pending())
        .containsExactly(voice, fax, change)
        .extracting(Pending::report)
        .containsExactly(
            record("voice@host", CallKind.VOICE),
            record("fax@host", CallKind.FAX),
            kindChange("voice@host"));
  }

  /** A segment an adapter wrote before calls had a kind replays, each record as a voice call. */
  @Test
  void aSegmentOfTheOldFormatReplaysAsVoiceCalls() throws IOException {
    Files.createDirectories(directory);
    String first =
        "R\t1\told-1@host\t0312345678\t2025-01-02T03:04:05.123456789Z\t0612345678\tNONE\t7\tANSWERED";
    String second =
        "R\t2\told-2@host\t0312345678\t2025-01-02T03:04:05.123456789Z\t0612345678\tNONE\t7\tANSWERED";
    String done = "D\t2";
    Files.writeString(
        directory.resolve("segment-0000000000000000001.log"),
        String.join(
            "\n",
            first + "\t" + JournalLineTest.crc(first),
            second + "\t" + JournalLineTest.crc(second),
            done + "\t" + JournalLineTest.crc(done),
            ""));

    CallJournal journal = open();

    assertThat(journal.pending())
        .extracting(Pending::report)
        .containsExactly(record("old-1@host", CallKind.VOICE));
    assertThat(journal.append(record("new@host")).id()).isEqualTo(3);
  }

  @Test
  void aKillBeforeCloseLosesNothingThatWasWritten(@TempDir Path afterKill) throws Exception {
    CallJournal journal = open();
    Pending entry = journal.append(record("killed@host"));
    awaitSyncs(journal, 1); // written; the writer is never closed, as after kill -9
    for (Path segment : segments()) {
      Files.copy(segment, afterKill.resolve(segment.getFileName())); // the disk as a kill leaves it
    }
    directory = afterKill;

    CallJournal afterCrash = open();

    assertThat(afterCrash.pending()).containsExactly(entry);
  }

  @Test
  void aSecondServerOnTheSameDirectoryIsRefusedUntilTheFirstCloses() throws IOException {
    CallJournal first = open();

    assertThatThrownBy(this::open)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use by another server");

    first.close();
    assertThat(open().getPendingRecords()).isZero();
  }

  @Test
  void aTornLastLineIsSkippedAndTheRestRead() throws IOException {
    CallJournal journal = open();
    Pending kept = journal.append(record("kept@host"));
    journal.close();
    Path segment = segments().get(segments().size() - 1);
    String torn = JournalLine.entry(kept.id() + 1, record("torn@host"));
    Files.writeString(segment, torn.substring(0, torn.length() - 7), StandardOpenOption.APPEND);

    CallJournal reopened = open();
    Pending next = reopened.append(record("after@host"));
    reopened.close();

    assertThat(open().pending())
        .extracting(p -> p.report().callId())
        .containsExactly("kept@host", "after@host");
    assertThat(next.id()).isGreaterThan(kept.id());
  }

  @Test
  void segmentsRotateAndThoseWhoseRecordsAreAllDoneAreDeleted() throws Exception {
    CallJournal journal = open(2048);
    for (int i = 0; i < 200; i++) {
      journal.done(journal.append(record("call-" + i + "@host")));
      if (i % 20 == 0) {
        awaitSyncs(journal, journal.getSyncs() + 1); // lets several segments fill
      }
    }
    journal.close();

    assertThat(segments()).hasSize(1);
    assertThat(open(2048).pending()).isEmpty();
  }

  @Test
  void aRecordNeverTakenDoesNotKeepEveryLaterSegment() throws Exception {
    CallJournal journal = open(2048);
    Pending refused = journal.append(record("refused@host"));
    for (int i = 0; i < 300; i++) {
      journal.done(journal.append(record("call-" + i + "@host")));
      if (i % 20 == 0) {
        awaitSyncs(journal, journal.getSyncs() + 1);
      }
    }
    journal.close();

    assertThat(segments()).hasSizeLessThanOrEqualTo(3); // 300 records of ~120 bytes filled about 20
    assertThat(open(2048).pending()).containsExactly(refused);
  }

  @Test
  void hostileFieldValuesSurviveAReopen() throws IOException {
    List<String> callIds =
        List.of("a\r\nb", "tab\t%09", "%", "x".repeat(500), "日本語\u2028", "\uD83D\uDCDE\uDBFF");
    CallJournal journal = open();
    callIds.forEach(id -> journal.append(record(id)));
    journal.close();

    assertThat(open().pending())
        .extracting(p -> p.report().callId())
        .containsExactlyElementsOf(callIds);
    try (Stream<String> lines = Files.lines(segments().get(0), StandardCharsets.UTF_8)) {
      assertThat(lines).hasSize(callIds.size());
    }
  }

  @Test
  void manyAppendsAreForcedToDiskInFarFewerGroups() throws IOException {
    CallJournal journal = open();
    List<CallReport> records = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      records.add(record("group-" + i + "@host"));
      journal.append(records.get(i));
    }
    journal.close();

    assertThat(journal.getSyncs()).isPositive().isLessThan(2000 / 4);
    assertThat(open().pending()).extracting(Pending::report).containsExactlyElementsOf(records);
  }

  @Test
  void whileTheDiskFailsRecordsAreKeptInMemoryAndJournalledOnceItWorksAgain() throws Exception {
    CallJournal journal = open(1024);
    deleteDirectory(); // the open segment stays writable; the next one cannot be made
    for (int i = 0; i < 20 && journal.isWritable(); i++) {
      journal.append(record("before-" + i + "@host"));
      Thread.sleep(20);
    }
    assertThat(journal.isWritable()).as("a segment could not be begun").isFalse();
    Pending during = journal.append(record("during@host"));
    Pending taken = journal.append(record("taken-during@host"));
    journal.done(taken);

    assertThat(journal.pending()).contains(during).doesNotContain(taken);
    assertThat(journal.getUnjournalledRecords()).isPositive();
    Files.createDirectories(directory);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!journal.isWritable() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(journal.isWritable()).as("writes again once the directory is back").isTrue();
    journal.close();

    assertThat(open().pending()).contains(during).doesNotContain(taken);
  }

  private void deleteDirectory() throws IOException {
    for (Path file : Files.list(directory).toList()) {
      Files.delete(file);
    }
    Files.delete(directory);
  }

  @Test
  void thePendingCountAndTheOldestCallAreVisible() throws IOException {
    CallJournal journal = open();
    assertThat(journal.getPendingRecords()).isZero();
    assertThat(journal.getOldestPendingSeconds()).isZero();

    journal.append(record("visible@host"));

    assertThat(journal.getPendingRecords()).isEqualTo(1);
    assertThat(journal.getOldestPendingSeconds()).isPositive(); // the call began in 2025
    assertThat(journal.isWritable()).isTrue();
  }

  private void awaitSyncs(CallJournal journal, long syncs) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (journal.getSyncs() < syncs && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(journal.getSyncs()).isGreaterThanOrEqualTo(syncs);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
  }
}
