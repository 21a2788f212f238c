package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import jp.callmail.sip.api.CallOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §3 着信状態. A scenario is the sequence of responses the proxy relays for one INVITE, written as
 * space separated steps: a status code ({@code 180}), a status carrying History-Info or Diversion
 * ({@code 183+div}), or {@code abandon} for the end without a final response (timer C, timeout).
 */
class CallProgressTest {

  private static CallProgress play(String scenario) {
    CallProgress progress = new CallProgress();
    for (String step : scenario.trim().split("\\s+")) {
      if (step.equals("abandon")) {
        progress.abandoned();
        continue;
      }
      boolean diversion = step.endsWith("+div");
      int status = Integer.parseInt(diversion ? step.substring(0, step.length() - 4) : step);
      if (status < 200) {
        progress.provisional(status, diversion);
      } else {
        progress.finalResponse(status, diversion);
      }
    }
    return progress;
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # answered: a 2xx final response
          200                      | ANSWERED
          180 200                  | ANSWERED
          100 183 180 200          | ANSWERED
          180 202                  | ANSWERED
          # forwarded: 3xx, 181, or History-Info / Diversion
          181 200                  | FORWARDED
          180 181 180 200          | FORWARDED
          183+div 200              | FORWARDED
          180+div 200              | FORWARDED
          180 200+div              | FORWARDED
          300                      | FORWARDED
          301                      | FORWARDED
          302                      | FORWARDED
          180 302                  | FORWARDED
          380                      | FORWARDED
          181 487                  | FORWARDED
          181 486                  | FORWARDED
          181 abandon              | FORWARDED
          180 486+div              | FORWARDED
          # not answered: CANCEL/487, busy or rejected, no final before timer C
          180 487                  | NOT_ANSWERED
          486                      | NOT_ANSWERED
          180 486                  | NOT_ANSWERED
          404                      | NOT_ANSWERED
          408                      | NOT_ANSWERED
          480                      | NOT_ANSWERED
          500                      | NOT_ANSWERED
          503                      | NOT_ANSWERED
          600                      | NOT_ANSWERED
          603                      | NOT_ANSWERED
          604                      | NOT_ANSWERED
          abandon                  | NOT_ANSWERED
          180 abandon              | NOT_ANSWERED
          183 180 abandon          | NOT_ANSWERED
          """)
  void outcome(String scenario, CallOutcome expected) {
    assertThat(play(scenario).outcome()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # only the first end counts
          200 487                  | ANSWERED
          200 302                  | ANSWERED
          486 200                  | NOT_ANSWERED
          487 200                  | NOT_ANSWERED
          abandon 200              | NOT_ANSWERED
          200 abandon              | ANSWERED
          abandon 302              | NOT_ANSWERED
          """)
  void laterEndsDoNotChangeTheOutcome(String scenario, CallOutcome expected) {
    assertThat(play(scenario).outcome()).isEqualTo(expected);
  }

  @Test
  void theFirstFinalResponseEndsTheRingingPhaseAndLaterOnesDoNot() {
    CallProgress progress = new CallProgress();
    progress.provisional(180, false);
    assertThat(progress.isEnded()).isFalse();

    assertThat(progress.finalResponse(200, false)).isTrue();
    assertThat(progress.isEnded()).isTrue();
    assertThat(progress.finalResponse(200, false)).as("a retransmitted or forked 2xx").isFalse();
    assertThat(progress.abandoned()).isFalse();
  }

  @Test
  void abandoningEndsTheRingingPhaseOnce() {
    CallProgress progress = new CallProgress();
    assertThat(progress.abandoned()).isTrue();
    assertThat(progress.abandoned()).isFalse();
    assertThat(progress.finalResponse(487, false)).isFalse();
    assertThat(progress.isEnded()).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(ints = {100, 180, 181, 183})
  void provisionalResponsesDoNotEndTheCall(int status) {
    CallProgress progress = new CallProgress();
    progress.provisional(status, true);
    assertThat(progress.isEnded()).isFalse();
  }
}
