package jp.callmail.infrastructure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedTest {

  private Instant now = Instant.parse("2026-11-25T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  @Test
  void computesAtMostOncePerTimeToLive() {
    AtomicInteger calls = new AtomicInteger();
    Cached<Integer> cached = new Cached<>(calls::incrementAndGet, Duration.ofSeconds(5), clock);
    assertThat(cached.get()).isEqualTo(1);
    now = now.plusSeconds(4);
    assertThat(cached.get()).isEqualTo(1);
    now = now.plusSeconds(1);
    assertThat(cached.get()).isEqualTo(2);
  }

  @Test
  void aFailureIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    Cached<Integer> cached =
        new Cached<>(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
              }
              return calls.get();
            },
            Duration.ofSeconds(5),
            clock);
    assertThatThrownBy(cached::get).hasMessage("database away");
    assertThat(cached.get()).isEqualTo(2);
  }
}
