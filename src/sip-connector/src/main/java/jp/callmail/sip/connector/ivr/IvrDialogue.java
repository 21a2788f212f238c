package jp.callmail.sip.connector.ivr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrLine;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;

/**
 * The temporary-password dialogue of SPEC §6 as a pure state machine: keys and timeouts in, {@link
 * Action}s out.
 *
 * <p>No audio, sockets or clocks here, so every branch of the dialogue is tested without a call,
 * and the media loop stays about timing. The driver plays what it is told (stopping a prompt when a
 * key arrives: barge-in), asks the application when told to, and reports back.
 *
 * <p>Every entry ends with {@code #}. Three invalid entries since the dialogue last started at the
 * menu send the caller back to the menu (the service guide's 「3回誤ってダイヤルした場合は、手順1からのやり直 し」); after
 * {@value #MAX_START_OVERS} start-overs the next third strike ends the call, so a call cannot go on
 * for ever. Not thread-safe: one call's media thread owns it.
 */
public final class IvrDialogue {

  /** Invalid entries that send the caller back to the menu. */
  public static final int MAX_INVALID_ENTRIES = 3;

  /** Start-overs after which the next third strike hangs up. */
  public static final int MAX_START_OVERS = 3;

  /** Longer entries are invalid anyway; the buffer stops growing here. */
  private static final int MAX_ENTRY_LENGTH = 32;

  private static final int PASSWORD_LENGTH = 8;

  /** Where the dialogue is. */
  public enum Step {
    /** Waiting for {@code 0#} (call mail) or {@code 1#} (fax mail). */
    MENU,
    /** Waiting for the contract number, area code first. */
    ENTER_NUMBER,
    ENTER_PASSWORD,
    CONFIRM_PASSWORD,
    /** Waiting for {@link #onPasswordOutcome} or {@link #onPasswordFailure}. */
    SETTING_PASSWORD,
    /** Saying the last prompt; no more input. */
    FINISHED
  }

  /** What the driver must do, in list order. */
  public sealed interface Action permits Play, SetPassword, HangUp {}

  /** Play these prompts one after the other; a key stops them. */
  public record Play(List<Prompt> prompts) implements Action {
    public Play {
      prompts = List.copyOf(prompts);
    }

    static Play of(Prompt... prompts) {
      return new Play(List.of(prompts));
    }
  }

  /** Ask the application to set the password, then call {@code onPassword*} with its answer. */
  public record SetPassword(String line, IvrService service, String password) implements Action {
    public SetPassword {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "SetPassword[line=" + line + ", service=" + service + ", password=********]";
    }
  }

  /** End the call, after the prompts before it have played. */
  public record HangUp() implements Action {}

  private final IvrCaller caller;
  private final StringBuilder entry = new StringBuilder();
  private Step step = Step.MENU;
  private IvrService service;
  private String line;
  private String password;
  private int invalidEntries;
  private int startOvers;

  /**
   * @param caller the lines the caller may act on; refusing callers is the SIP side's job
   */
  public IvrDialogue(IvrCaller caller) {
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /** The call is answered: the menu. */
  public List<Action> start() {
    step = Step.MENU;
    return List.of(Play.of(Prompt.MENU));
  }

  /** A key: 0-9, {@code *}, {@code #} (A-D and anything else make the entry invalid). */
  public List<Action> onDigit(char key) {
    if (step == Step.SETTING_PASSWORD || step == Step.FINISHED) {
      return List.of();
    }
    if (key != '#') {
      if (entry.length() < MAX_ENTRY_LENGTH) {
        entry.append(key);
      }
      return List.of();
    }
    String value = entry.toString();
    entry.setLength(0);
    return switch (step) {
      case MENU -> menu(value);
      case ENTER_NUMBER -> number(value);
      case ENTER_PASSWORD -> password(value);
      case CONFIRM_PASSWORD -> confirmation(value);
      default -> List.of();
    };
  }

  /** Nothing was typed for a while after a prompt ended. */
  public List<Action> onNoInputTimeout() {
    return timeOut();
  }

  /** Keys were typed, but no {@code #} came. */
  public List<Action> onInterDigitTimeout() {
    return timeOut();
  }

  /** The call reached its time limit. */
  public List<Action> onCallTimeLimit() {
    return timeOut();
  }

  /** The application's answer to {@link SetPassword}. */
  public List<Action> onPasswordOutcome(TemporaryPasswordOutcome outcome) {
    if (step != Step.SETTING_PASSWORD) {
      return List.of();
    }
    password = null;
    return switch (Objects.requireNonNull(outcome, "outcome")) {
      case SET -> finish(Prompt.COMPLETED);
      case NOT_ALLOWED -> invalid(Prompt.INVALID, Step.ENTER_NUMBER);
      case INVALID_PASSWORD -> invalid(Prompt.INVALID, Step.ENTER_PASSWORD);
    };
  }

  /** The application could not be asked (unavailable, timed out, failed). */
  public List<Action> onPasswordFailure() {
    if (step != Step.SETTING_PASSWORD) {
      return List.of();
    }
    password = null;
    return finish(Prompt.UNAVAILABLE);
  }

  public Step currentStep() {
    return step;
  }

  /** Whether keys have been typed since the last {@code #}: the inter-digit timer applies. */
  public boolean hasPendingEntry() {
    return entry.length() > 0;
  }

  /** Whether the dialogue waits for keys (and so for the no-input timer). */
  public boolean awaitsInput() {
    return step != Step.SETTING_PASSWORD && step != Step.FINISHED;
  }

  public boolean isFinished() {
    return step == Step.FINISHED;
  }

  /** The chosen option, once the menu is done. */
  public IvrService service() {
    return service;
  }

  /** Step and counters; never the keys typed. */
  @Override
  public String toString() {
    return "IvrDialogue[step="
        + step
        + ", service="
        + service
        + ", line="
        + line
        + ", invalidEntries="
        + invalidEntries
        + ", startOvers="
        + startOvers
        + "]";
  }

  private List<Action> menu(String value) {
    IvrService chosen =
        switch (value) {
          case "0" -> IvrService.CALL_MAIL;
          case "1" -> IvrService.FAX_MAIL;
          default -> null;
        };
    if (chosen == null) {
      return invalid(Prompt.INVALID, Step.MENU);
    }
    if (!caller.anyOffers(chosen)) {
      return invalid(
          chosen == IvrService.FAX_MAIL ? Prompt.FAX_NOT_CONTRACTED : Prompt.INVALID, Step.MENU);
    }
    service = chosen;
    return proceed(Step.ENTER_NUMBER);
  }

  private List<Action> number(String value) {
    Optional<IvrLine> chosen =
        !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')
            ? caller.line(value)
            : Optional.empty();
    if (chosen.isEmpty()) {
      return invalid(Prompt.INVALID, Step.ENTER_NUMBER);
    }
    if (!chosen.get().offers(service)) {
      return service == IvrService.FAX_MAIL
          ? invalid(Prompt.FAX_NOT_CONTRACTED, Step.MENU)
          : invalid(Prompt.INVALID, Step.ENTER_NUMBER);
    }
    line = value;
    return proceed(Step.ENTER_PASSWORD);
  }

  private List<Action> password(String value) {
    if (!isValidPassword(value)) {
      return invalid(Prompt.INVALID, Step.ENTER_PASSWORD);
    }
    password = value;
    return proceed(Step.CONFIRM_PASSWORD);
  }

  private List<Action> confirmation(String value) {
    if (!value.equals(password)) {
      password = null;
      return invalid(Prompt.INVALID, Step.ENTER_PASSWORD);
    }
    step = Step.SETTING_PASSWORD;
    return List.of(new SetPassword(line, service, value));
  }

  /** SPEC §6 step 3: 8 of digits and {@code *}, at least one {@code *}, not all {@code *}. */
  static boolean isValidPassword(String value) {
    return value.length() == PASSWORD_LENGTH
        && value.chars().allMatch(c -> c == '*' || (c >= '0' && c <= '9'))
        && value.indexOf('*') >= 0
        && value.chars().anyMatch(c -> c != '*');
  }

  private List<Action> proceed(Step next) {
    step = next;
    return List.of(Play.of(promptOf(next)));
  }

  /**
   * An invalid entry: say why and ask again at {@code retry}; the third one restarts the dialogue,
   * and the third one after {@value #MAX_START_OVERS} start-overs ends the call.
   */
  private List<Action> invalid(Prompt reason, Step retry) {
    invalidEntries++;
    if (invalidEntries < MAX_INVALID_ENTRIES) {
      step = retry;
      return List.of(Play.of(reason, promptOf(retry)));
    }
    if (startOvers >= MAX_START_OVERS) {
      return finish(Prompt.INVALID);
    }
    startOvers++;
    invalidEntries = 0;
    service = null;
    line = null;
    password = null;
    step = Step.MENU;
    return reason == Prompt.INVALID
        ? List.of(Play.of(Prompt.START_OVER, Prompt.MENU))
        : List.of(Play.of(reason, Prompt.START_OVER, Prompt.MENU));
  }

  private List<Action> timeOut() {
    if (step == Step.SETTING_PASSWORD || step == Step.FINISHED) {
      return List.of();
    }
    return finish(Prompt.TIMEOUT);
  }

  private List<Action> finish(Prompt last) {
    step = Step.FINISHED;
    entry.setLength(0);
    password = null;
    return List.of(Play.of(last), new HangUp());
  }

  private static Prompt promptOf(Step step) {
    return switch (step) {
      case MENU -> Prompt.MENU;
      case ENTER_NUMBER -> Prompt.ENTER_NUMBER;
      case ENTER_PASSWORD -> Prompt.ENTER_PASSWORD;
      case CONFIRM_PASSWORD -> Prompt.CONFIRM_PASSWORD;
      default -> throw new IllegalArgumentException("no prompt for " + step);
    };
  }
}
