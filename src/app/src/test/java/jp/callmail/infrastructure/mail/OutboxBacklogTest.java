package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutboxBacklogTest {

  @Test
  void theBacklogAgeIsHowLongTheOldestDueRowHasWaited() {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    assertThat(new OutboxBacklog(3, t.minusSeconds(90), t).oldestDueAgeSeconds()).isEqualTo(90);
    assertThat(new OutboxBacklog(3, null, t).oldestDueAgeSeconds()).isZero();
    assertThat(new OutboxBacklog(0, t.plusSeconds(5), t).oldestDueAgeSeconds()).isZero();
  }
}
