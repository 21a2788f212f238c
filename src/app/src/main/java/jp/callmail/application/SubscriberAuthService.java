package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import jp.callmail.domain.model.credential.LoginOutcome;
import jp.callmail.domain.model.credential.PasswordHasher;
import jp.callmail.domain.model.credential.PasswordRules;
import jp.callmail.domain.model.credential.SubscriberCredentials;
import jp.callmail.domain.model.line.PhoneNumbers;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;
import jp.callmail.domain.model.operator.OperatorPermission;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Subscriber passwords, for the portal's login, the IVR's temporary password and the operator.
 * Every login attempt is logged with its line and outcome, never with the password.
 */
@ApplicationScoped
@Transactional
public class SubscriberAuthService {

  private static final Logger LOG = Logger.getLogger(SubscriberAuthService.class.getName());
  private static final char[] TEMPORARY_CHARS = "0123456789*".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private ProvisioningService provisioning;
  @Inject private AuditLog audit;
  @Inject private Operators operators;
  @Inject private PasswordNotices notices;

  /** 24 hours (SPEC §6); shorter only in tests that watch a temporary password expire. */
  @Inject
  @ConfigProperty(
      name = "callmail.portal.temporary-password-validity-seconds",
      defaultValue = "86400")
  long temporaryValiditySeconds;

  private final PasswordHasher hasher = new PasswordHasher();

  /** The result of a temporary password an operator issued: shown once, stored only hashed. */
  public record IssuedPassword(String number, String temporaryPassword, String expiresAt) {}

  /**
   * A line's login state as the operator sees it.
   *
   * @param locked 10 consecutive failures invalidated its passwords
   * @param temporaryPasswordExpiresAt when the current temporary password expires, if there is one
   */
  public record LockState(
      String number,
      boolean locked,
      int failedLogins,
      boolean hasPassword,
      String temporaryPasswordExpiresAt) {}

  /**
   * Checks a login. Unknown numbers, wrong passwords and locked lines all give REFUSED and take the
   * same time.
   */
  public LoginOutcome login(String typedNumber, String password, String from) {
    String number = PhoneNumbers.normalise(typedNumber);
    ServiceLine line =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", number)
            .getResultStream()
            .findFirst()
            .orElse(null);
    LoginOutcome outcome;
    if (line == null || line.isCancelled()) {
      hasher.burn(password);
      hasher.burn(password);
      outcome = LoginOutcome.REFUSED;
    } else {
      boolean lockedBefore = line.credentials().isLocked();
      outcome = line.credentials().login(password, Instant.now(), hasher);
      if (!lockedBefore && line.credentials().isLocked()) {
        audit.record(
            Operators.subscriber(line.getPhoneNumber()),
            "line.lockout",
            line.getPhoneNumber(),
            SubscriberCredentials.MAX_FAILURES + "回連続でログインに失敗したため、パスワードを無効にしました(接続元 " + from + ")");
      }
    }
    LoginOutcome logged = outcome;
    LOG.info(
        () ->
            "portal login line="
                + number
                + " from="
                + from
                + " outcome="
                + logged
                + (line != null && line.credentials().isLocked() ? " (locked)" : ""));
    return outcome;
  }

  /**
   * Sets the temporary password a caller entered at the IVR, and tells the line's addresses.
   *
   * @param callerNumber the IVR caller's number as the network asserted it
   */
  public void setTemporaryPassword(String number, String temporary, String callerNumber) {
    ServiceLine line = provisioning.requireLine(number);
    Instant now = Instant.now();
    line.credentials()
        .setTemporary(temporary, now, hasher, Duration.ofSeconds(temporaryValiditySeconds));
    notices.queue(
        line,
        TemporaryPasswordNotice.byPhone(
            now, line.credentials().temporaryExpiresAt(), callerNumber));
    LOG.info(() -> "temporary password set for line " + line.getPhoneNumber());
  }

  /** An operator issues a random temporary password, returned once. */
  public IssuedPassword issueTemporaryPassword(String number) {
    operators.require(OperatorPermission.SUPPORT);
    String temporary;
    do {
      StringBuilder b = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        b.append(TEMPORARY_CHARS[RANDOM.nextInt(TEMPORARY_CHARS.length)]);
      }
      temporary = b.toString();
    } while (!PasswordRules.isValidTemporary(temporary));
    ServiceLine line = provisioning.requireLine(number);
    Instant now = Instant.now();
    line.credentials()
        .setTemporary(temporary, now, hasher, Duration.ofSeconds(temporaryValiditySeconds));
    notices.queue(
        line, TemporaryPasswordNotice.byOperator(now, line.credentials().temporaryExpiresAt()));
    LOG.info(() -> "operator issued a temporary password for line " + line.getPhoneNumber());
    audit.record(
        operators.current(),
        "temporary-password.issue",
        line.getPhoneNumber(),
        "有効期限 " + ScreenTime.format(line.credentials().temporaryExpiresAt()) + "、ロックを解除");
    return new IssuedPassword(
        line.getPhoneNumber(), temporary, line.credentials().temporaryExpiresAt().toString());
  }

  public LockState lockState(String number) {
    return lockState(provisioning.requireLine(number));
  }

  /**
   * An operator lifts a lockout (SPEC §8): the failure count starts again from zero and the
   * subscriber's own password works again. The temporary password that the lockout discarded stays
   * discarded, so a line that never had a password of its own still needs a new temporary one.
   */
  public LockState unlock(String number) {
    operators.require(OperatorPermission.SUPPORT);
    ServiceLine line = provisioning.requireLine(number);
    LockState before = lockState(line);
    line.credentials().unlock();
    LockState after = lockState(line);
    audit.record(
        operators.current(),
        "line.unlock",
        line.getPhoneNumber(),
        "before locked="
            + before.locked()
            + " failedLogins="
            + before.failedLogins()
            + " after locked="
            + after.locked()
            + " failedLogins="
            + after.failedLogins());
    LOG.info(
        () ->
            "operator unlocked line "
                + line.getPhoneNumber()
                + " (was locked="
                + before.locked()
                + ")");
    return after;
  }

  private static LockState lockState(ServiceLine line) {
    Instant expires = line.credentials().temporaryExpiresAt();
    return new LockState(
        line.getPhoneNumber(),
        line.credentials().isLocked(),
        line.credentials().failedLogins(),
        line.credentials().hasPassword(),
        expires == null ? null : expires.toString());
  }

  /** パスワード変更: current (temporary or real) and the new one twice. */
  public void changePassword(String number, String current, String next, String repeated) {
    ServiceLine line = provisioning.requireLine(number);
    boolean first = !line.credentials().hasPassword();
    line.credentials().change(current, next, repeated, Instant.now(), hasher);
    audit.record(
        Operators.subscriber(line.getPhoneNumber()),
        first ? "password.set" : "password.change",
        line.getPhoneNumber(),
        first ? "仮パスワードから本パスワードを設定しました" : "パスワードを変更しました");
    LOG.info(() -> "password changed for line " + line.getPhoneNumber());
  }
}
