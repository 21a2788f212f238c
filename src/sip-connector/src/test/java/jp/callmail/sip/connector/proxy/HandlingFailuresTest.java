package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import org.junit.jupiter.api.Test;

/**
 * A request the proxy cannot use because of its values is the sender's fault; anything else is
 * ours.
 */
class HandlingFailuresTest {

  @Test
  void parseAndArgumentErrorsAnywhereInTheChainAreTheSendersFault() {
    assertThat(HandlingFailures.causedByInput(new ParseException("bad header", 0))).isTrue();
    assertThat(HandlingFailures.causedByInput(new InvalidArgumentException("bad port"))).isTrue();
    assertThat(
            HandlingFailures.causedByInput(
                new SipException("wrapped", new IllegalArgumentException("x"))))
        .isTrue();
  }

  @Test
  void otherFailuresAreTheProxysOwnAndKeepTheirStackTrace() {
    assertThat(HandlingFailures.causedByInput(new NullPointerException())).isFalse();
    assertThat(
            HandlingFailures.causedByInput(
                new SipException("could not send", new java.io.IOException("down"))))
        .isFalse();
    assertThat(HandlingFailures.causedByInput(new IllegalStateException("no provider"))).isFalse();
  }
}
