package jp.callmail.sip.connector.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTokenTest {

  @Test
  void aMarkVerifiesForItsCallIdOnly() {
    RouteToken token = RouteToken.of("a shared secret of the cluster");
    String mark = token.mark("abc@host");
    assertThat(mark).hasSize(16).matches("[A-Za-z0-9_-]+");
    assertThat(token.verifies("abc@host", mark)).isTrue();
    assertThat(token.verifies("abd@host", mark)).isFalse();
    assertThat(token.verifies("abc@host", null)).isFalse();
    assertThat(token.verifies("abc@host", "")).isFalse();
  }

  @Test
  void instancesSharingASecretRecogniseEachOthersMarks() {
    String mark = RouteToken.of("a shared secret of the cluster").mark("x");
    assertThat(RouteToken.of("a shared secret of the cluster").verifies("x", mark)).isTrue();
    assertThat(RouteToken.of("another secret, another cluster").verifies("x", mark)).isFalse();
  }

  @Test
  void withoutASecretEachStartHasItsOwnKey() {
    String mark = RouteToken.of(null).mark("x");
    assertThat(RouteToken.of(null).verifies("x", mark)).isFalse();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> RouteToken.of("short")).hasMessageContaining("16");
  }
}
