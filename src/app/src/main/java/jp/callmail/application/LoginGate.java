package jp.callmail.application;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the portal's login from taking the machine (issue 15 point 4). A login costs two 600,000
 * iteration PBKDF2 derivations (about half a second of a core) on the cores that also run the SIP
 * proxy, so:
 *
 * <ul>
 *   <li>at most {@code callmail.portal.login-concurrency} logins derive at once (default 1 per 2
 *       cores), and at most {@code logins-per-second} of them start a second on average (default an
 *       eighth per core: about a sixteenth of the machine, measured to leave the SIP path's clean
 *       rate where it is under 20 logins a second), {@code login-burst} at once after a quiet
 *       spell; a login that finds no slot or no turn within {@code login-wait-millis} is answered
 *       "try again later" without deriving anything;
 *   <li>a source address with {@code failures-per-source} failed logins, or a typed number with
 *       {@code failures-per-line} (whether or not it is a line), within {@code
 *       failure-window-seconds} is answered the same way until the window ends, again without
 *       deriving.
 * </ul>
 *
 * The line's own lockout (10 consecutive failures) stays as it is; the per-line limit is above it.
 */
@ApplicationScoped
public class LoginGate {

  private static final Logger LOG = Logger.getLogger(LoginGate.class.getName());

  /** Whether a login may go on. */
  public enum Admission {
    ADMITTED,
    /** every derivation slot busy for longer than the wait */
    BUSY,
    /** too many failures from this source or for this number lately */
    THROTTLED
  }

  @Inject
  @ConfigProperty(name = "callmail.portal.login-concurrency", defaultValue = "0")
  int concurrency;

  @Inject
  @ConfigProperty(name = "callmail.portal.login-wait-millis", defaultValue = "3000")
  long waitMillis;

  @Inject
  @ConfigProperty(name = "callmail.portal.logins-per-second", defaultValue = "0")
  double loginsPerSecond;

  @Inject
  @ConfigProperty(name = "callmail.portal.login-burst", defaultValue = "10")
  int burst;

  @Inject
  @ConfigProperty(name = "callmail.portal.failures-per-source", defaultValue = "30")
  int failuresPerSource;

  @Inject
  @ConfigProperty(name = "callmail.portal.failures-per-line", defaultValue = "20")
  int failuresPerLine;

  @Inject
  @ConfigProperty(name = "callmail.portal.failure-window-seconds", defaultValue = "600")
  long windowSeconds;

  private final SparseLog throttledLog = new SparseLog(LOG, Level.INFO);
  private final SparseLog busyLog = new SparseLog(LOG, Level.INFO);
  private Semaphore slots;
  private DerivationBudget budget;
  private FailureCounter bySource;
  private FailureCounter byLine;

  @PostConstruct
  void start() {
    int n =
        concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    int cores = Runtime.getRuntime().availableProcessors();
    slots = new Semaphore(n, true);
    budget =
        new DerivationBudget(
            loginsPerSecond > 0 ? loginsPerSecond : cores / 8.0,
            Math.max(1, burst),
            System::nanoTime);
    bySource = new FailureCounter(failuresPerSource, windowSeconds, 100_000, System::nanoTime);
    byLine = new FailureCounter(failuresPerLine, windowSeconds, 100_000, System::nanoTime);
  }

  /**
   * Asks to check a login; after {@link Admission#ADMITTED} the caller must {@link #release}.
   *
   * @param number the number as typed (normalised)
   * @param source the client's address
   */
  public Admission admit(String number, String source) {
    if (bySource.blocked(source) || byLine.blocked(number)) {
      throttledLog.log(
          () ->
              "portal login throttled line="
                  + LogText.escape(number, 30)
                  + " from="
                  + LogText.escape(source, 60)
                  + " (too many failures lately)");
      return Admission.THROTTLED;
    }
    // The turn first, without waiting: under a flood the budget is spent for longer than anyone
    // would wait, and the answer "try again later" then costs no held thread and no slot.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    long turn = budget.reserve(TimeUnit.MILLISECONDS.toNanos(waitMillis));
    String why = "the logins' share of the machine spent";
    try {
      if (turn != DerivationBudget.REFUSED) {
        TimeUnit.NANOSECONDS.sleep(turn);
        if (slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return Admission.ADMITTED;
        }
        budget.refund();
        why = "every derivation slot taken";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String reason = why;
    busyLog.log(() -> "portal login busy from=" + LogText.escape(source, 60) + " (" + reason + ")");
    return Admission.BUSY;
  }

  public void release() {
    slots.release();
  }

  /**
   * Gives back an admission whose password was never checked (the form's view state was gone, or
   * the request failed before the check): the slot and the turn come back, and the attempt counts
   * as a failure of its source and number, so that posts which cannot log in cannot spend the
   * budget without being throttled.
   */
  public void releaseUnchecked(String number, String source) {
    slots.release();
    budget.refund();
    failed(number, source);
  }

  /** Counts a refused login against its source and its number. */
  public void failed(String number, String source) {
    bySource.failed(source);
    byLine.failed(number);
  }
}
