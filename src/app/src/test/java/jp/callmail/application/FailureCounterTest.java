package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureCounterTest {

  private final AtomicLong now = new AtomicLong();
  private final FailureCounter counter = new FailureCounter(3, 60, 4, now::get);

  @Test
  void aKeyIsBlockedAtTheLimitUntilItsWindowEnds() {
    counter.failed("203.0.113.9");
    counter.failed("203.0.113.9");
    assertThat(counter.blocked("203.0.113.9")).isFalse();
    counter.failed("203.0.113.9");
    assertThat(counter.blocked("203.0.113.9")).isTrue();
    assertThat(counter.blocked("198.51.100.1")).as("others are not").isFalse();
    now.addAndGet(59_000_000_000L);
    assertThat(counter.blocked("203.0.113.9")).isTrue();
    now.addAndGet(1_000_000_000L);
    assertThat(counter.blocked("203.0.113.9")).as("a new window").isFalse();
    counter.failed("203.0.113.9");
    assertThat(counter.blocked("203.0.113.9")).isFalse();
  }

  @Test
  void manyKeysDoNotGrowWithoutBound() {
    for (int i = 0; i < 100; i++) {
      counter.failed("key" + i);
    }
    counter.failed("last");
    counter.failed("last");
    counter.failed("last");
    assertThat(counter.blocked("last")).isTrue();
  }

  @Test
  void aLimitOfZeroBlocksNothing() {
    FailureCounter off = new FailureCounter(0, 60, 4, now::get);
    off.failed("x");
    assertThat(off.blocked("x")).isFalse();
  }
}
