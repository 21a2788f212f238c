package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import jp.callmail.application.LoginGate.Admission;
import org.junit.jupiter.api.Test;

class LoginGateTest {

  private LoginGate gate(int concurrency, int perSource, int perLine) {
    LoginGate gate = new LoginGate();
    gate.concurrency = concurrency;
    gate.waitMillis = 100;
    gate.failuresPerSource = perSource;
    gate.failuresPerLine = perLine;
    gate.windowSeconds = 600;
    gate.start();
    return gate;
  }

  @Test
  void moreLoginsThanSlotsWaitBrieflyThenAreToldToTryLater() throws Exception {
    LoginGate gate = gate(1, 30, 20);
    assertThat(gate.admit("0312345678", "192.0.2.1")).isEqualTo(Admission.ADMITTED);
    Admission second =
        CompletableFuture.supplyAsync(() -> gate.admit("0312345679", "192.0.2.2")).get();
    assertThat(second).isEqualTo(Admission.BUSY);
    gate.release();
    assertThat(gate.admit("0312345679", "192.0.2.2")).isEqualTo(Admission.ADMITTED);
    gate.release();
  }

  @Test
  void failuresAreThrottledPerSourceAndPerNumber() {
    LoginGate gate = gate(2, 3, 2);
    gate.failed("0312345678", "192.0.2.1");
    gate.failed("0312345678", "192.0.2.2");
    assertThat(gate.admit("0312345678", "192.0.2.3"))
        .as("the number, from anywhere")
        .isEqualTo(Admission.THROTTLED);
    gate.failed("0600000001", "192.0.2.1");
    gate.failed("0600000002", "192.0.2.1");
    assertThat(gate.admit("0600000003", "192.0.2.1"))
        .as("the source, for any number")
        .isEqualTo(Admission.THROTTLED);
    assertThat(gate.admit("0600000003", "192.0.2.9")).isEqualTo(Admission.ADMITTED);
    gate.release();
  }
}
