package jp.callmail.application;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the portal's login from taking the machine (issue 15 point 4). A login costs two 600,000
 * iteration PBKDF2 derivations on the cores that also run the SIP proxy, so:
 *
 * <ul>
 *   <li>at most {@code callmail.portal.login-concurrency} logins derive at once (default 1 per 2
 *       cores); a login that finds them all busy waits up to {@code login-wait-millis} and is then
 *       answered "try again later" without deriving anything;
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
  @ConfigProperty(name = "callmail.portal.failures-per-source", defaultValue = "30")
  int failuresPerSource;

  @Inject
  @ConfigProperty(name = "callmail.portal.failures-per-line", defaultValue = "20")
  int failuresPerLine;

  @Inject
  @ConfigProperty(name = "callmail.portal.failure-window-seconds", defaultValue = "600")
  long windowSeconds;

  private Semaphore slots;
  private FailureCounter bySource;
  private FailureCounter byLine;

  @PostConstruct
  void start() {
    int n =
        concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    slots = new Semaphore(n, true);
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
      LOG.info(
          () ->
              "portal login throttled line="
                  + LogText.escape(number, 30)
                  + " from="
                  + LogText.escape(source, 60)
                  + " (too many failures lately)");
      return Admission.THROTTLED;
    }
    try {
      if (slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        return Admission.ADMITTED;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(
        () ->
            "portal login busy from="
                + LogText.escape(source, 60)
                + " (every derivation slot taken)");
    return Admission.BUSY;
  }

  public void release() {
    slots.release();
  }

  /** Counts a refused login against its source and its number. */
  public void failed(String number, String source) {
    bySource.failed(source);
    byLine.failed(number);
  }
}
