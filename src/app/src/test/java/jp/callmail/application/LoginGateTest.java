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
    gate.loginsPerSecond = 1000;
    gate.burst = 10;
    gate.failuresPerSource = perSource;
    gate.failuresPerLine = perLine;
    gate.windowSeconds = 600;
    gate.start();
    return gate;
  }

  /** A gate whose derivation budget is {@code perSecond} turns a second, {@code burst} at once. */
  private LoginGate budgeted(int concurrency, int perSource, double perSecond, int burst) {
    LoginGate gate = gate(concurrency, perSource, 20);
    gate.loginsPerSecond = perSecond;
    gate.burst = burst;
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

  @Test
  void loginsBeyondTheirShareOfTheMachineAreToldToTryLater() {
    LoginGate gate = budgeted(4, 30, 0.01, 2);
    for (int i = 0; i < 2; i++) {
      assertThat(gate.admit("031234567" + i, "192.0.2." + i)).isEqualTo(Admission.ADMITTED);
      gate.release();
    }
    assertThat(gate.admit("0312345679", "192.0.2.9"))
        .as("a free slot, but the burst is spent and the next turn is 100 s away")
        .isEqualTo(Admission.BUSY);
    assertThat(gate.admit("0312345679", "192.0.2.9"))
        .as("a busy answer neither holds a slot nor spends a turn")
        .isEqualTo(Admission.BUSY);
  }

  @Test
  void aFloodIsToldToTryLaterAtOnceWithoutWaitingForATurnThatWouldComeTooLate() throws Exception {
    LoginGate gate = budgeted(4, 30, 0.001, 1);
    gate.waitMillis = 60_000;
    assertThat(gate.admit("0312345678", "192.0.2.1")).isEqualTo(Admission.ADMITTED);
    gate.release();
    assertThat(
            CompletableFuture.supplyAsync(() -> gate.admit("0312345679", "192.0.2.2"))
                .get(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("the next turn is 1,000 s away: answered now, not after the 60 s wait")
        .isEqualTo(Admission.BUSY);
  }

  @Test
  void anAdmissionWhosePasswordWasNeverCheckedCountsAsAFailureAndGivesItsTurnBack() {
    LoginGate gate = budgeted(1, 2, 0.001, 1);
    assertThat(gate.admit("0312345678", "192.0.2.1")).isEqualTo(Admission.ADMITTED);
    gate.releaseUnchecked("0312345678", "192.0.2.1");
    assertThat(gate.admit("0312345679", "192.0.2.1"))
        .as("the slot and the turn came back")
        .isEqualTo(Admission.ADMITTED);
    gate.releaseUnchecked("0312345679", "192.0.2.1");
    assertThat(gate.admit("0312345670", "192.0.2.1"))
        .as("two unchecked posts from one source: its failure limit")
        .isEqualTo(Admission.THROTTLED);
  }
}
