package jp.callmail.sip.connector.ivr;

import static jp.callmail.sip.connector.ivr.Prompt.COMPLETED;
import static jp.callmail.sip.connector.ivr.Prompt.CONFIRM_PASSWORD;
import static jp.callmail.sip.connector.ivr.Prompt.ENTER_NUMBER;
import static jp.callmail.sip.connector.ivr.Prompt.ENTER_PASSWORD;
import static jp.callmail.sip.connector.ivr.Prompt.FAX_NOT_CONTRACTED;
import static jp.callmail.sip.connector.ivr.Prompt.INVALID;
import static jp.callmail.sip.connector.ivr.Prompt.MENU;
import static jp.callmail.sip.connector.ivr.Prompt.START_OVER;
import static jp.callmail.sip.connector.ivr.Prompt.TIMEOUT;
import static jp.callmail.sip.connector.ivr.Prompt.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrLine;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.connector.ivr.IvrDialogue.Action;
import jp.callmail.sip.connector.ivr.IvrDialogue.HangUp;
import jp.callmail.sip.connector.ivr.IvrDialogue.Play;
import jp.callmail.sip.connector.ivr.IvrDialogue.SetPassword;
import jp.callmail.sip.connector.ivr.IvrDialogue.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §6 and the service guide's 「1. 仮パスワードの設定」, step by step. */
class IvrDialogueTest {

  private static final String OWN_LINE = "0612345678";
  private static final String CALL_ONLY_LINE = "0698765432";
  private static final String PASSWORD = "97*13579";

  /**
   * A caller with a line with both options and, through its authentication number, a call-mail-only
   * line.
   */
  private static final IvrCaller CALLER =
      new IvrCaller(
          OWN_LINE,
          List.of(new IvrLine(OWN_LINE, true, true), new IvrLine(CALL_ONLY_LINE, true, false)));

  private IvrDialogue dialogue = new IvrDialogue(CALLER);

  private static Play play(Prompt... prompts) {
    return new Play(List.of(prompts));
  }

  /** Types the keys; returns the actions of the last one. */
  private List<Action> type(String keys) {
    List<Action> actions = List.of();
    for (char c : keys.toCharArray()) {
      List<Action> next = dialogue.onDigit(c);
      if (c != '#') {
        assertThat(next).as("only # ends an entry").isEmpty();
      }
      actions = next;
    }
    return actions;
  }

  @BeforeEach
  void start() {
    assertThat(dialogue.start()).containsExactly(play(MENU));
    assertThat(dialogue.currentStep()).isEqualTo(Step.MENU);
  }

  @Test
  void setsTheCallMailPasswordAsTheGuideDescribes() {
    assertThat(type("0#")).containsExactly(play(ENTER_NUMBER));
    assertThat(dialogue.service()).isEqualTo(IvrService.CALL_MAIL);
    assertThat(type(OWN_LINE + "#")).containsExactly(play(ENTER_PASSWORD));
    assertThat(type(PASSWORD + "#")).containsExactly(play(CONFIRM_PASSWORD));
    assertThat(type(PASSWORD + "#"))
        .containsExactly(new SetPassword(OWN_LINE, IvrService.CALL_MAIL, PASSWORD));
    assertThat(dialogue.currentStep()).isEqualTo(Step.SETTING_PASSWORD);
    assertThat(dialogue.awaitsInput()).isFalse();
    assertThat(dialogue.onPasswordOutcome(TemporaryPasswordOutcome.SET))
        .containsExactly(play(COMPLETED), new HangUp());
    assertThat(dialogue.isFinished()).isTrue();
  }

  @Test
  void setsTheFaxMailPasswordForALineWithFax() {
    type("1#");
    assertThat(dialogue.service()).isEqualTo(IvrService.FAX_MAIL);
    type(OWN_LINE + "#");
    type(PASSWORD + "#");
    assertThat(type(PASSWORD + "#"))
        .containsExactly(new SetPassword(OWN_LINE, IvrService.FAX_MAIL, PASSWORD));
  }

  @Test
  void setsThePasswordOfTheLineOfAnAuthenticationNumber() {
    type("0#");
    assertThat(type(CALL_ONLY_LINE + "#")).containsExactly(play(ENTER_PASSWORD));
  }

  @Test
  void keysBeforeTheFirstPromptEndsCount() {
    IvrDialogue fresh = new IvrDialogue(CALLER);
    fresh.start();
    fresh.onDigit('0');
    assertThat(fresh.hasPendingEntry()).isTrue();
    assertThat(fresh.onDigit('#')).containsExactly(play(ENTER_NUMBER));
    assertThat(fresh.hasPendingEntry()).isFalse();
  }

  @Nested
  class InvalidEntries {

    @ParameterizedTest(name = "[{index}] menu entry ''{0}''")
    @ValueSource(strings = {"#", "2#", "00#", "*#", "01#", "A#"})
    void inTheMenu(String keys) {
      assertThat(type(keys)).containsExactly(play(INVALID, MENU));
      assertThat(dialogue.currentStep()).isEqualTo(Step.MENU);
    }

    @ParameterizedTest(name = "[{index}] number entry ''{0}''")
    @ValueSource(
        strings = {"#", "0612345679#", "061234567#", "06123456780#", "0612*45678#", "0311112222#"})
    void forTheNumber(String keys) {
      type("0#");
      assertThat(type(keys)).containsExactly(play(INVALID, ENTER_NUMBER));
      assertThat(dialogue.currentStep()).isEqualTo(Step.ENTER_NUMBER);
    }

    @ParameterizedTest(name = "[{index}] password ''{0}''")
    @ValueSource(
        strings = {
          "#", // empty
          "12345678#", // no *
          "********#", // all *
          "12*4567#", // 7
          "12*456789#", // 9
          "12*4567A#", // not a digit
          "*1234567890123456789012345678901234567890#", // far too long
        })
    void forThePassword(String keys) {
      type("0#");
      type(OWN_LINE + "#");
      assertThat(type(keys)).containsExactly(play(INVALID, ENTER_PASSWORD));
      assertThat(dialogue.currentStep()).isEqualTo(Step.ENTER_PASSWORD);
    }

    @ParameterizedTest(name = "[{index}] password ''{0}''")
    @ValueSource(strings = {"*1234567", "1234567*", "*******1", "12*45678", "0*0*0*0*"})
    void validPasswords(String password) {
      assertThat(IvrDialogue.isValidPassword(password)).isTrue();
    }

    @Test
    void aMismatchedConfirmationAsksForThePasswordAgain() {
      type("0#");
      type(OWN_LINE + "#");
      type(PASSWORD + "#");
      assertThat(type("12*45679#")).containsExactly(play(INVALID, ENTER_PASSWORD));
      assertThat(dialogue.currentStep()).isEqualTo(Step.ENTER_PASSWORD);
      type("99*99999#");
      assertThat(type("99*99999#"))
          .containsExactly(new SetPassword(OWN_LINE, IvrService.CALL_MAIL, "99*99999"));
    }

    @Test
    void threeStrikesStartOverAtTheMenu() {
      type("0#");
      type("1#");
      type("2#");
      assertThat(type("3#")).containsExactly(play(START_OVER, MENU));
      assertThat(dialogue.currentStep()).isEqualTo(Step.MENU);
      assertThat(dialogue.service()).isNull();
      assertThat(type("4#")).as("the count starts again").containsExactly(play(INVALID, MENU));
    }

    @Test
    void strikesCountAcrossStepsSinceTheMenu() {
      type("5#"); // 1
      type("0#");
      type("0000#"); // 2
      type(OWN_LINE + "#");
      assertThat(type("1#")).containsExactly(play(START_OVER, MENU)); // 3
    }

    @Test
    void afterThreeStartOversTheThirdStrikeHangsUp() {
      for (int startOver = 0; startOver < IvrDialogue.MAX_START_OVERS; startOver++) {
        type("7#");
        type("7#");
        assertThat(type("7#")).containsExactly(play(START_OVER, MENU));
      }
      type("7#");
      type("7#");
      assertThat(type("7#")).containsExactly(play(INVALID), new HangUp());
      assertThat(dialogue.isFinished()).isTrue();
      assertThat(type("0#")).isEmpty();
    }
  }

  @Nested
  class FaxMail {

    private final IvrCaller callMailOnly =
        new IvrCaller(CALL_ONLY_LINE, List.of(new IvrLine(CALL_ONLY_LINE, true, false)));

    @Test
    void isRefusedInTheMenuWhenNoLineHasIt() {
      dialogue = new IvrDialogue(callMailOnly);
      dialogue.start();
      assertThat(type("1#")).containsExactly(play(FAX_NOT_CONTRACTED, MENU));
      type("1#");
      assertThat(type("1#"))
          .as("a strike")
          .containsExactly(play(FAX_NOT_CONTRACTED, START_OVER, MENU));
    }

    @Test
    void isRefusedForALineWithoutIt() {
      type("1#");
      assertThat(type(CALL_ONLY_LINE + "#")).containsExactly(play(FAX_NOT_CONTRACTED, MENU));
      assertThat(dialogue.currentStep()).isEqualTo(Step.MENU);
      assertThat(type("0#")).containsExactly(play(ENTER_NUMBER));
    }

    @Test
    void callMailIsRefusedWhenNoLineHasIt() {
      dialogue =
          new IvrDialogue(
              new IvrCaller("0611110000", List.of(new IvrLine("0611110000", false, true))));
      dialogue.start();
      assertThat(type("0#")).containsExactly(play(INVALID, MENU));
    }

    @Test
    void callMailIsRefusedForALineWithoutIt() {
      dialogue =
          new IvrDialogue(
              new IvrCaller(
                  OWN_LINE,
                  List.of(
                      new IvrLine(OWN_LINE, true, true), new IvrLine("0611110000", false, true))));
      dialogue.start();
      type("0#");
      assertThat(type("0611110000#")).containsExactly(play(INVALID, ENTER_NUMBER));
    }
  }

  @Nested
  class Timeouts {

    @Test
    void noInputEndsTheCall() {
      assertThat(dialogue.onNoInputTimeout()).containsExactly(play(TIMEOUT), new HangUp());
      assertThat(dialogue.isFinished()).isTrue();
    }

    @Test
    void anUnfinishedEntryEndsTheCall() {
      type("0#");
      dialogue.onDigit('0');
      assertThat(dialogue.onInterDigitTimeout()).containsExactly(play(TIMEOUT), new HangUp());
    }

    @Test
    void theCallLimitEndsTheCall() {
      type("0#");
      assertThat(dialogue.onCallTimeLimit()).containsExactly(play(TIMEOUT), new HangUp());
    }

    @Test
    void doNotInterruptTheApplicationOrTheLastPrompt() {
      type("0#");
      type(OWN_LINE + "#");
      type(PASSWORD + "#");
      type(PASSWORD + "#");
      assertThat(dialogue.onNoInputTimeout()).isEmpty();
      assertThat(dialogue.onDigit('1')).isEmpty();
      dialogue.onPasswordOutcome(TemporaryPasswordOutcome.SET);
      assertThat(dialogue.onInterDigitTimeout()).isEmpty();
      assertThat(dialogue.onCallTimeLimit()).isEmpty();
    }
  }

  @Nested
  class Outcomes {

    @BeforeEach
    void confirm() {
      type("0#");
      type(OWN_LINE + "#");
      type(PASSWORD + "#");
      type(PASSWORD + "#");
    }

    @Test
    void notAllowedAsksForTheNumberAgain() {
      assertThat(dialogue.onPasswordOutcome(TemporaryPasswordOutcome.NOT_ALLOWED))
          .containsExactly(play(INVALID, ENTER_NUMBER));
      assertThat(dialogue.currentStep()).isEqualTo(Step.ENTER_NUMBER);
    }

    @Test
    void anInvalidPasswordAsksForThePasswordAgain() {
      assertThat(dialogue.onPasswordOutcome(TemporaryPasswordOutcome.INVALID_PASSWORD))
          .containsExactly(play(INVALID, ENTER_PASSWORD));
      assertThat(dialogue.currentStep()).isEqualTo(Step.ENTER_PASSWORD);
    }

    @Test
    void aRefusalIsAStrike() {
      dialogue.onPasswordOutcome(TemporaryPasswordOutcome.INVALID_PASSWORD);
      type("1#");
      assertThat(type("2#")).containsExactly(play(START_OVER, MENU));
    }

    @Test
    void anUnavailableApplicationEndsTheCall() {
      assertThat(dialogue.onPasswordFailure()).containsExactly(play(UNAVAILABLE), new HangUp());
      assertThat(dialogue.isFinished()).isTrue();
    }

    @Test
    void outcomesOutOfTurnAreIgnored() {
      dialogue.onPasswordOutcome(TemporaryPasswordOutcome.SET);
      assertThat(dialogue.onPasswordOutcome(TemporaryPasswordOutcome.SET)).isEmpty();
      assertThat(dialogue.onPasswordFailure()).isEmpty();
    }
  }

  @Test
  void neverShowsThePassword() {
    type("0#");
    type(OWN_LINE + "#");
    type(PASSWORD + "#");
    List<Action> set = type(PASSWORD + "#");
    List<String> shown = new ArrayList<>(List.of(dialogue.toString(), set.toString()));
    dialogue.onDigit('9');
    shown.add(dialogue.toString());
    assertThat(shown).noneMatch(s -> s.contains(PASSWORD) || s.contains("13579"));
    assertThat(set.get(0).toString()).contains(OWN_LINE, "CALL_MAIL");
  }
}
