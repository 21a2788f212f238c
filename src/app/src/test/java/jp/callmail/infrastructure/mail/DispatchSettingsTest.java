package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

  @Test
  void theDefaultsAreAccepted() {
    DispatchSettings settings = new DispatchSettings(2, 50, Duration.ofSeconds(1));

    assertThat(settings.senders()).isEqualTo(2);
    assertThat(settings.batchSize()).isEqualTo(50);
    assertThat(settings.keepAlive()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.recordEvery()).isEqualTo(Duration.ZERO);
  }

  @Test
  void mistakesShowAtStartUpNamingTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DispatchSettings(0, 50, Duration.ZERO))
        .withMessageContaining("dispatch.senders");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DispatchSettings(2, 0, Duration.ZERO))
        .withMessageContaining("dispatch.batch-size");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DispatchSettings(2, DispatchSettings.MAX_BATCH + 1, Duration.ZERO))
        .withMessageContaining("dispatch.batch-size");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DispatchSettings(2, 50, Duration.ofMillis(-1)))
        .withMessageContaining("dispatch.keep-alive-millis");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new DispatchSettings(2, 50, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
        .withMessageContaining("dispatch.lease-seconds must be at least 2: 1");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new DispatchSettings(
                    2, 50, Duration.ZERO, Duration.ofMinutes(5), Duration.ofMillis(-1)))
        .withMessageContaining("dispatch.record-every-millis");
  }
}
