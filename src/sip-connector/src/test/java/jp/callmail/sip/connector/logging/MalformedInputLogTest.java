package jp.callmail.sip.connector.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The line of a malformed message is printable ASCII, short, and says source, first line and why.
 */
class MalformedInputLogTest {

  @Test
  void firstLineIsEscapedAndCut() {
    byte[] message =
        ("\r\nINV\u0000ITE sip:\u001b[31m@x SIP/2.0\r\nVia: x\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(MalformedInputLog.firstLine(message))
        .isEqualTo("INV\\x00ITE sip:\\x1B[31m@x SIP/2.0");

    byte[] utf8 = "OPTIONS sip:日本@x SIP/2.0".getBytes(StandardCharsets.UTF_8);
    assertThat(MalformedInputLog.firstLine(utf8))
        .isEqualTo("OPTIONS sip:\\xE6\\x97\\xA5\\xE6\\x9C\\xAC@x SIP/2.0");

    byte[] longLine =
        ("INVITE sip:" + "9".repeat(5000) + "@x SIP/2.0").getBytes(StandardCharsets.US_ASCII);
    assertThat(MalformedInputLog.firstLine(longLine))
        .hasSize(MalformedInputLog.MAX_FIRST_LINE + 3)
        .endsWith("...");
  }

  @Test
  void backslashIsEscapedSoThatEscapesCannotBeForged() {
    assertThat(MalformedInputLog.escape("a\\x0Ab", 100)).isEqualTo("a\\x5Cx0Ab");
    assertThat(MalformedInputLog.escape("\u3042", 100)).isEqualTo("\\x{3042}");
  }

  @Test
  void reportWritesOneBoundedLineWithSourceFirstLineAndReason() {
    Logger logger = Logger.getLogger("test.MalformedInputLogTest");
    List<LogRecord> lines = new CopyOnWriteArrayList<>();
    logger.setUseParentHandlers(false);
    Handler handler =
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
    logger.addHandler(handler);
    try {
      MalformedInputLog log =
          new MalformedInputLog(
              new RateLimitedLog(
                  logger, Level.INFO, "malformed SIP messages", 10, System::nanoTime));
      byte[] bytes =
          ("INVITE sip:" + "x".repeat(1000) + " SIP/2.0\r\n").getBytes(StandardCharsets.US_ASCII);
      log.report(
          new MalformedInputLog.Input("192.0.2.1:5060/UDP", MalformedInputLog.firstLine(bytes)),
          "From header: " + "\n".repeat(10) + "y".repeat(1000));
      assertThat(lines).hasSize(1);
      String line = lines.get(0).getMessage();
      assertThat(line)
          .startsWith("Malformed SIP message from 192.0.2.1:5060/UDP: \"INVITE sip:xxx")
          .contains("(From header: \\x0A\\x0A")
          .hasSizeLessThan(400);
      assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    } finally {
      logger.removeHandler(handler);
    }
  }
}
