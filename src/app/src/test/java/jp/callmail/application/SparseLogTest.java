package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SparseLogTest {

  @Test
  void aFloodGivesOneLineAMinuteWithItsCount() {
    Logger logger = Logger.getLogger("SparseLogTest");
    logger.setUseParentHandlers(false);
    List<String> lines = new ArrayList<>();
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    AtomicLong now = new AtomicLong();
    SparseLog log = new SparseLog(logger, Level.INFO, 1, TimeUnit.MINUTES, now::get);

    for (int i = 0; i < 5000; i++) {
      int n = i;
      log.log(() -> "busy " + n);
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
    }

    assertThat(lines)
        .containsExactly(
            "busy 0",
            "busy 1200 [1200 such events since the last line]",
            "busy 2400 [1200 such events since the last line]",
            "busy 3600 [1200 such events since the last line]",
            "busy 4800 [1200 such events since the last line]");
  }
}
