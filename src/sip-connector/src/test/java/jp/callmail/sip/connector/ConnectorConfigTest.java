package jp.callmail.sip.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.time.Duration;
import java.util.Map;
import jp.callmail.sip.connector.call.AnsweredCalls;
import org.junit.jupiter.api.Test;

/** The answered-call table's settings, as an administrator gives them. */
class ConnectorConfigTest {

  private static ConnectorConfig config(Map<String, String> values) {
    return new ConnectorConfig(values::get);
  }

  @Test
  void withoutSettingsTheTableHolds100000CallsFor12Hours() throws Exception {
    AnsweredCalls.Settings settings = config(Map.of()).answeredCalls(new SipResourceAdapter());

    assertThat(settings).isEqualTo(AnsweredCalls.Settings.DEFAULTS);
    assertThat(settings.maxCalls()).isEqualTo(100_000);
    assertThat(settings.maxLifetime()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void configuredValuesAndTheAdaptersPropertiesAreUsed() throws Exception {
    AnsweredCalls.Settings configured =
        config(
                Map.of(
                    "callmail.sip.answered-calls-max", "5000",
                    "callmail.sip.answered-call-hours", "24"))
            .answeredCalls(new SipResourceAdapter());
    SipResourceAdapter adapter = new SipResourceAdapter();
    adapter.setAnsweredCallsMax(300);
    adapter.setAnsweredCallHours(2);

    assertThat(configured).isEqualTo(new AnsweredCalls.Settings(5000, Duration.ofHours(24)));
    assertThat(config(Map.of()).answeredCalls(adapter))
        .isEqualTo(new AnsweredCalls.Settings(300, Duration.ofHours(2)));
  }

  @Test
  void valuesOutOfRangeAreRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                config(Map.of("callmail.sip.answered-calls-max", "0"))
                    .answeredCalls(new SipResourceAdapter()))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("callmail.sip.answered-calls-max");
    assertThatThrownBy(
            () ->
                config(Map.of("callmail.sip.answered-call-hours", "169"))
                    .answeredCalls(new SipResourceAdapter()))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("callmail.sip.answered-call-hours must be between 1 and 168");
    assertThatThrownBy(
            () ->
                config(Map.of("callmail.sip.answered-call-hours", "twelve"))
                    .answeredCalls(new SipResourceAdapter()))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("whole number");
  }
}
