package jp.callmail.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jp.callmail.domain.model.call.CallKind;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.call.WithheldReason;
import jp.callmail.domain.model.line.NotificationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NotificationRulesTest {

  private static final String DESIGNATED_NUMBER = "0612345678";
  private static final String OTHER_NUMBER = "0398765432";
  private static final Set<String> DESIGNATED = Set.of(DESIGNATED_NUMBER, "09011112222");

  /** The kinds of caller the rules tell apart. */
  enum Caller {
    DESIGNATED(DESIGNATED_NUMBER, WithheldReason.NONE),
    NOT_DESIGNATED(OTHER_NUMBER, WithheldReason.NONE),
    // A withheld caller is given the designated number to make sure it still never matches.
    WITHHELD_PRIVACY(DESIGNATED_NUMBER, WithheldReason.PRIVACY),
    WITHHELD_PAYPHONE(DESIGNATED_NUMBER, WithheldReason.PAYPHONE),
    WITHHELD_UNAVAILABLE(DESIGNATED_NUMBER, WithheldReason.UNAVAILABLE);

    final String number;
    final WithheldReason reason;

    Caller(String number, WithheldReason reason) {
      this.number = number;
      this.reason = reason;
    }
  }

  /**
   * started × designatedOnly × unansweredOnly × outcome × caller: 2 × 2 × 2 × 3 × 5 = 120 cases.
   */
  static Stream<Arguments> everyCombination() {
    List<Arguments> cases = new ArrayList<>();
    for (boolean started : new boolean[] {true, false}) {
      for (boolean designatedOnly : new boolean[] {true, false}) {
        for (boolean unansweredOnly : new boolean[] {true, false}) {
          for (CallOutcome outcome : CallOutcome.values()) {
            for (Caller caller : Caller.values()) {
              cases.add(Arguments.of(started, designatedOnly, unansweredOnly, outcome, caller));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  /**
   * The oracle, read straight from SPEC §4, independent of the implementation's structure.
   *
   * <ul>
   *   <li>開始/停止: a stopped line sends no mail.
   *   <li>発信電話番号指定通知機能を利用する: notify only calls from the designated numbers; a withheld caller never
   *       matches a designated number, whatever its reason.
   *   <li>電話を受けられなかった場合に…: notify only calls not answered (応答なし and 転送); unchecked means all calls,
   *       answered ones included.
   * </ul>
   */
  private static boolean specSaysSend(
      boolean started,
      boolean designatedOnly,
      boolean unansweredOnly,
      CallOutcome outcome,
      Caller caller) {
    boolean lineIsStarted = started;
    boolean callerIsAccepted = !designatedOnly || caller == Caller.DESIGNATED;
    boolean outcomeIsAccepted =
        !unansweredOnly
            || Set.of(CallOutcome.NOT_ANSWERED, CallOutcome.FORWARDED).contains(outcome);
    return lineIsStarted && callerIsAccepted && outcomeIsAccepted;
  }

  @ParameterizedTest(name = "started={0} designatedOnly={1} unansweredOnly={2} {3} {4}")
  @MethodSource("everyCombination")
  void decidesEveryCombinationAsTheSpecSays(
      boolean started,
      boolean designatedOnly,
      boolean unansweredOnly,
      CallOutcome outcome,
      Caller caller) {
    NotificationPolicy policy =
        new NotificationPolicy(started, designatedOnly, unansweredOnly, DESIGNATED);

    MailDecision decision = NotificationRules.decide(policy, call(caller, outcome));

    assertThat(decision.send())
        .isEqualTo(specSaysSend(started, designatedOnly, unansweredOnly, outcome, caller));
    assertThat(decision.reason()).isNotBlank();
    assertThat(decision.reason().equals(MailDecision.SEND.reason())).isEqualTo(decision.send());
  }

  @Test
  void theTruthTableHasEveryCombination() {
    assertThat(everyCombination()).hasSize(2 * 2 * 2 * 3 * 5);
  }

  static Stream<Arguments> stoppedCombinations() {
    return everyCombination().filter(arguments -> !(Boolean) arguments.get()[0]);
  }

  @ParameterizedTest(name = "designatedOnly={1} unansweredOnly={2} {3} {4}")
  @MethodSource("stoppedCombinations")
  void aStoppedLineSaysSoWhateverTheOtherConditions(
      boolean started,
      boolean designatedOnly,
      boolean unansweredOnly,
      CallOutcome outcome,
      Caller caller) {
    NotificationPolicy stopped =
        new NotificationPolicy(started, designatedOnly, unansweredOnly, DESIGNATED);

    assertThat(NotificationRules.decide(stopped, call(caller, outcome)))
        .isEqualTo(MailDecision.STOPPED);
  }

  @ParameterizedTest
  @EnumSource(
      value = WithheldReason.class,
      names = {"PRIVACY", "PAYPHONE", "UNAVAILABLE"})
  void aWithheldCallerIsLoggedAsWithheldNotAsUndesignated(WithheldReason reason) {
    NotificationPolicy policy = new NotificationPolicy(true, true, false, DESIGNATED);
    CompletedCall call = record(DESIGNATED_NUMBER, reason, CallOutcome.NOT_ANSWERED);

    MailDecision decision = NotificationRules.decide(policy, call);

    assertThat(decision).isEqualTo(MailDecision.WITHHELD_CALLER);
    assertThat(decision.reason()).contains("非通知");
  }

  @Test
  void anUndesignatedCallerIsLoggedAsSuch() {
    NotificationPolicy policy = new NotificationPolicy(true, true, true, DESIGNATED);

    assertThat(NotificationRules.decide(policy, call(Caller.NOT_DESIGNATED, CallOutcome.ANSWERED)))
        .isEqualTo(MailDecision.CALLER_NOT_DESIGNATED);
  }

  @Test
  void anAnsweredCallUnderUnansweredOnlyIsLoggedAsAnswered() {
    NotificationPolicy policy = new NotificationPolicy(true, true, true, DESIGNATED);

    assertThat(NotificationRules.decide(policy, call(Caller.DESIGNATED, CallOutcome.ANSWERED)))
        .isEqualTo(MailDecision.ANSWERED);
  }

  @ParameterizedTest
  @EnumSource(CallOutcome.class)
  void withNoConditionEveryCallOfAStartedLineIsSent(CallOutcome outcome) {
    NotificationPolicy policy = new NotificationPolicy(true, false, false, Set.of());

    assertThat(NotificationRules.decide(policy, call(Caller.WITHHELD_PAYPHONE, outcome)))
        .isEqualTo(MailDecision.SEND);
  }

  @Test
  void designatedOnlyWithNoCheckedNumberSendsNothing() {
    NotificationPolicy policy = new NotificationPolicy(true, true, false, Set.of());

    assertThat(NotificationRules.decide(policy, call(Caller.DESIGNATED, CallOutcome.NOT_ANSWERED)))
        .isEqualTo(MailDecision.CALLER_NOT_DESIGNATED);
  }

  @Test
  void aCallerMatchesOnlyTheExactNationalNumber() {
    NotificationPolicy policy = new NotificationPolicy(true, true, false, Set.of("0612345678"));

    assertThat(decideFor(policy, "0612345678").send()).isTrue();
    assertThat(decideFor(policy, "061234567").send()).isFalse();
    assertThat(decideFor(policy, "06123456789").send()).isFalse();
    assertThat(decideFor(policy, "").send()).isFalse();
  }

  @Test
  void refusesNullArguments() {
    NotificationPolicy policy = new NotificationPolicy(true, false, false, Set.of());
    CompletedCall call = call(Caller.DESIGNATED, CallOutcome.ANSWERED);

    assertThatNullPointerException().isThrownBy(() -> NotificationRules.decide(null, call));
    assertThatNullPointerException().isThrownBy(() -> NotificationRules.decide(policy, null));
  }

  private static MailDecision decideFor(NotificationPolicy policy, String callerNumber) {
    return NotificationRules.decide(
        policy, record(callerNumber, WithheldReason.NONE, CallOutcome.NOT_ANSWERED));
  }

  private static CompletedCall call(Caller caller, CallOutcome outcome) {
    return record(caller.number, caller.reason, outcome);
  }

  private static CompletedCall record(
      String callerNumber, WithheldReason reason, CallOutcome outcome) {
    return new CompletedCall(
        "call-1@192.0.2.1",
        "0311112222",
        Instant.parse("2006-01-02T06:04:05Z"),
        callerNumber,
        reason,
        10,
        outcome);
  }

  // ------------------------------------------------------------ FAXお知らせメール

  private static CompletedCall call(CallKind kind, CallOutcome outcome, WithheldReason reason) {
    return new CompletedCall(
        "fax-1@h",
        "0312345678",
        Instant.parse("2026-11-25T14:59:08Z"),
        "0612345678",
        reason,
        3,
        outcome,
        kind);
  }

  @ParameterizedTest
  @EnumSource(CallOutcome.class)
  void everyFaxCallOfAStartedFaxOptionIsMailed(CallOutcome outcome) {
    for (WithheldReason reason : WithheldReason.values()) {
      assertThat(NotificationRules.decideFax(true, call(CallKind.FAX, outcome, reason)))
          .isEqualTo(MailDecision.SEND);
    }
  }

  @ParameterizedTest
  @EnumSource(CallOutcome.class)
  void aVoiceCallNeverMakesFaxMail(CallOutcome outcome) {
    assertThat(
            NotificationRules.decideFax(true, call(CallKind.VOICE, outcome, WithheldReason.NONE)))
        .isEqualTo(MailDecision.VOICE_CALL);
  }

  @Test
  void aStoppedFaxOptionMailsNothing() {
    assertThat(
            NotificationRules.decideFax(
                false, call(CallKind.FAX, CallOutcome.ANSWERED, WithheldReason.NONE)))
        .isEqualTo(MailDecision.STOPPED);
  }

  @Test
  void theCallMailsConditionsStillDecideTheCallMailOfAFaxCall() {
    NotificationPolicy unansweredOnly = new NotificationPolicy(true, false, true, Set.of());
    assertThat(
            NotificationRules.decide(
                unansweredOnly, call(CallKind.FAX, CallOutcome.ANSWERED, WithheldReason.NONE)))
        .isEqualTo(MailDecision.ANSWERED);
  }
}
