package jp.callmail.sip.connector.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A flood costs ten lines and then one count a minute; a quiet minute starts afresh. */
class RateLimitedLogTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Logger logger = Logger.getLogger("test.RateLimitedLogTest");
  private final List<LogRecord> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private RateLimitedLog log;

  @BeforeEach
  void capture() {
    logger.setUseParentHandlers(false);
    logger.addHandler(capture);
    log = new RateLimitedLog(logger, Level.INFO, "malformed SIP messages", 10, now::get);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  private void advanceSeconds(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void writesTheFirstTenOfAMinuteThenCountsTheRest() {
    for (int i = 0; i < 1000; i++) {
      log.log("192.0.2." + (i % 7), "bad message " + i);
    }
    assertThat(lines).hasSize(10);
    assertThat(lines)
        .extracting(LogRecord::getMessage)
        .startsWith("bad message 0")
        .endsWith("bad message 9");
    assertThat(lines).allMatch(r -> r.getLevel() == Level.INFO && r.getThrown() == null);
  }

  @Test
  void summarisesTheSuppressedWithTheFirstMessageOfTheNextMinute() {
    for (int i = 0; i < 25; i++) {
      log.log("192.0.2." + (i % 3), "bad message " + i);
    }
    advanceSeconds(59);
    log.log("192.0.2.9", "still the same minute");
    assertThat(lines).hasSize(10);

    advanceSeconds(2);
    assertThat(log.log("198.51.100.1", "a new minute")).isTrue();
    assertThat(lines)
        .extracting(LogRecord::getMessage)
        .endsWith(
            "16 more malformed SIP messages in the last minute, from 4 sources; last from 192.0.2.9",
            "a new minute");
  }

  @Test
  void flushWritesTheSummaryOnceTheMinuteIsOverEvenWithoutNewMessages() {
    for (int i = 0; i < 12; i++) {
      log.log("192.0.2.1", "bad message " + i);
    }
    log.flush();
    assertThat(lines).hasSize(10); // the minute is not over
    advanceSeconds(60);
    log.flush();
    log.flush();
    assertThat(lines).hasSize(11);
    assertThat(lines.get(10).getMessage())
        .isEqualTo(
            "2 more malformed SIP messages in the last minute, from 1 source; last from 192.0.2.1");
  }

  @Test
  void aMinuteWithoutSuppressionWritesNoSummary() {
    log.log("192.0.2.1", "one");
    advanceSeconds(61);
    log.flush();
    log.log("192.0.2.1", "two");
    assertThat(lines).extracting(LogRecord::getMessage).containsExactly("one", "two");
  }
}
