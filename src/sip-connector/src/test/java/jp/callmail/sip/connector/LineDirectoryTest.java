package jp.callmail.sip.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jp.callmail.sip.api.LineRoute;
import org.junit.jupiter.api.Test;

class LineDirectoryTest {

  private final AtomicReference<LineRoute> answer = new AtomicReference<>();
  private final AtomicInteger queries = new AtomicInteger();

  private LineDirectory directory(Duration ttl) {
    return new LineDirectory(number -> {
      queries.incrementAndGet();
      return answer.get();
    }, ttl);
  }

  @Test
  void anAnswerIsCachedForItsTimeToLive() {
    LineDirectory lines = directory(Duration.ofMinutes(1));
    answer.set(new LineRoute("0312345678", true, "sip:127.0.0.1:5070"));
    lines.lookup("0312345678");
    lines.lookup("0312345678");
    assertThat(queries).hasValue(1);
  }

  @Test
  void whileTheApplicationCannotAnswerTheLastAnswerIsUsedEvenIfExpired() {
    LineDirectory lines = directory(Duration.ZERO);
    answer.set(new LineRoute("0312345678", true, "sip:127.0.0.1:5070"));
    lines.lookup("0312345678");
    answer.set(null); // database down
    assertThat(lines.lookup("0312345678").watched()).isTrue();
    assertThat(lines.lookup("0399999999").watched()).isFalse();
  }

  @Test
  void aFailedAnswerIsNotCached() {
    LineDirectory lines = directory(Duration.ofMinutes(1));
    answer.set(null);
    assertThat(lines.lookup("0312345678").watched()).isFalse();
    answer.set(new LineRoute("0312345678", true, null));
    assertThat(lines.lookup("0312345678").watched()).isTrue();
  }
}
