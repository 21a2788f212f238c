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
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.credential.LoginOutcome;
import jp.callmail.domain.model.credential.PasswordHasher;
import jp.callmail.domain.model.credential.PasswordRules;
import jp.callmail.domain.model.credential.SubscriberCredentials;
import jp.callmail.domain.model.line.PhoneNumbers;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;
import jp.callmail.domain.model.operator.OperatorPermission;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Subscriber passwords, for the portal's login, the IVR's temporary password and the operator. Each
 * option of a line (着信お知らせメール, FAXお知らせメール) has its own passwords, temporary password and lockout;
 * the methods without an option are the call mail's. Every login attempt is logged with its line,
 * option and outcome, never with the password.
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
    return login(typedNumber, ServiceOption.CALL_MAIL, password, from);
  }

  /**
   * Checks a login to an option's portal. A line without the option answers as an unknown number
   * does: REFUSED, in the same time.
   */
  public LoginOutcome login(
      String typedNumber, ServiceOption option, String password, String from) {
    String number = PhoneNumbers.normalise(typedNumber);
    ServiceLine line =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", number)
            .getResultStream()
            .findFirst()
            .orElse(null);
    LoginOutcome outcome;
    if (line == null || line.isCancelled() || !option.isOn(line)) {
      hasher.burn(password);
      hasher.burn(password);
      outcome = LoginOutcome.REFUSED;
    } else {
      SubscriberCredentials credentials = line.credentials(option);
      boolean lockedBefore = credentials.isLocked();
      outcome = credentials.login(password, Instant.now(), hasher);
      if (!lockedBefore && credentials.isLocked()) {
        audit.record(
            Operators.subscriber(line.getPhoneNumber()),
            "line.lockout",
            line.getPhoneNumber(),
            option.label()
                + ": "
                + SubscriberCredentials.MAX_FAILURES
                + "回連続でログインに失敗したため、パスワードを無効にしました(接続元 "
                + from
                + ")");
      }
    }
    LoginOutcome logged = outcome;
    LOG.info(
        () ->
            "portal login line="
                + number
                + " option="
                + option
                + " from="
                + from
                + " outcome="
                + logged
                + (line != null && line.credentials(option).isLocked() ? " (locked)" : ""));
    return outcome;
  }

  /**
   * Sets the temporary password a caller entered at the IVR, and tells the line's addresses.
   *
   * @param callerNumber the IVR caller's number as the network asserted it
   */
  public void setTemporaryPassword(String number, String temporary, String callerNumber) {
    setTemporaryPassword(number, ServiceOption.CALL_MAIL, temporary, callerNumber);
  }

  /**
   * Sets an option's temporary password as the IVR took it (key 0: 着信お知らせメール, key 1: FAXお知らせメール),
   * and tells that option's addresses.
   */
  public void setTemporaryPassword(
      String number, ServiceOption option, String temporary, String callerNumber) {
    ServiceLine line = requireOption(number, option);
    Instant now = Instant.now();
    line.credentials(option)
        .setTemporary(temporary, now, hasher, Duration.ofSeconds(temporaryValiditySeconds));
    notices.queue(
        line,
        option,
        TemporaryPasswordNotice.byPhone(
            now, line.credentials(option).temporaryExpiresAt(), callerNumber));
    LOG.info(() -> option.label() + " temporary password set for line " + line.getPhoneNumber());
  }

  /** An operator issues a random temporary password, returned once. */
  public IssuedPassword issueTemporaryPassword(String number) {
    return issueTemporaryPassword(number, ServiceOption.CALL_MAIL);
  }

  /** An operator issues a random temporary password of an option, returned once. */
  public IssuedPassword issueTemporaryPassword(String number, ServiceOption option) {
    operators.require(OperatorPermission.SUPPORT);
    String temporary;
    do {
      StringBuilder b = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        b.append(TEMPORARY_CHARS[RANDOM.nextInt(TEMPORARY_CHARS.length)]);
      }
      temporary = b.toString();
    } while (!PasswordRules.isValidTemporary(temporary));
    ServiceLine line = requireOption(number, option);
    Instant now = Instant.now();
    SubscriberCredentials credentials = line.credentials(option);
    credentials.setTemporary(temporary, now, hasher, Duration.ofSeconds(temporaryValiditySeconds));
    notices.queue(
        line, option, TemporaryPasswordNotice.byOperator(now, credentials.temporaryExpiresAt()));
    LOG.info(
        () ->
            "operator issued a "
                + option.label()
                + " temporary password for line "
                + line.getPhoneNumber());
    audit.record(
        operators.current(),
        "temporary-password.issue",
        line.getPhoneNumber(),
        (option == ServiceOption.CALL_MAIL ? "" : option.label() + ": ")
            + "有効期限 "
            + ScreenTime.format(credentials.temporaryExpiresAt())
            + "、ロックを解除");
    return new IssuedPassword(
        line.getPhoneNumber(), temporary, credentials.temporaryExpiresAt().toString());
  }

  public LockState lockState(String number) {
    return lockState(provisioning.requireLine(number), ServiceOption.CALL_MAIL);
  }

  /** An option's login state. */
  public LockState lockState(String number, ServiceOption option) {
    return lockState(provisioning.requireLine(number), option);
  }

  /** The line, refused (naming the option) when it does not have the option. */
  private ServiceLine requireOption(String number, ServiceOption option) {
    ServiceLine line = provisioning.requireLine(number);
    line.requireOption(option);
    return line;
  }

  /**
   * An operator lifts a lockout (SPEC §8): the failure count starts again from zero and the
   * subscriber's own password works again. The temporary password that the lockout discarded stays
   * discarded, so a line that never had a password of its own still needs a new temporary one.
   */
  public LockState unlock(String number) {
    return unlock(number, ServiceOption.CALL_MAIL);
  }

  /** As {@link #unlock(String)} for an option's passwords. */
  public LockState unlock(String number, ServiceOption option) {
    operators.require(OperatorPermission.SUPPORT);
    ServiceLine line = provisioning.requireLine(number);
    LockState before = lockState(line, option);
    line.credentials(option).unlock();
    LockState after = lockState(line, option);
    audit.record(
        operators.current(),
        "line.unlock",
        line.getPhoneNumber(),
        (option == ServiceOption.CALL_MAIL ? "" : option.label() + ": ")
            + "before locked="
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

  private static LockState lockState(ServiceLine line, ServiceOption option) {
    SubscriberCredentials credentials = line.credentials(option);
    Instant expires = credentials.temporaryExpiresAt();
    return new LockState(
        line.getPhoneNumber(),
        credentials.isLocked(),
        credentials.failedLogins(),
        credentials.hasPassword(),
        expires == null ? null : expires.toString());
  }

  /** パスワード変更: current (temporary or real) and the new one twice. */
  public void changePassword(String number, String current, String next, String repeated) {
    changePassword(number, ServiceOption.CALL_MAIL, current, next, repeated);
  }

  /**
   * パスワード変更 of an option's portal: current (temporary or real) and the new one twice. A wrong
   * current password counts toward the lockout, so a refusal commits what it counted.
   */
  @Transactional(dontRollbackOn = RuleViolation.class)
  public void changePassword(
      String number, ServiceOption option, String current, String next, String repeated) {
    ServiceLine line = requireOption(number, option);
    SubscriberCredentials credentials = line.credentials(option);
    boolean first = !credentials.hasPassword();
    boolean lockedBefore = credentials.isLocked();
    try {
      credentials.change(current, next, repeated, Instant.now(), hasher);
    } catch (RuleViolation v) {
      if (!lockedBefore && credentials.isLocked()) {
        audit.record(
            Operators.subscriber(line.getPhoneNumber()),
            "line.lockout",
            line.getPhoneNumber(),
            option.label()
                + ": パスワード変更で"
                + SubscriberCredentials.MAX_FAILURES
                + "回連続で現在のパスワードを誤ったため、パスワードを無効にしました");
        LOG.info(() -> option.label() + " password invalidated for line " + line.getPhoneNumber());
      }
      throw v;
    }
    audit.record(
        Operators.subscriber(line.getPhoneNumber()),
        first ? "password.set" : "password.change",
        line.getPhoneNumber(),
        (option == ServiceOption.CALL_MAIL ? "" : option.label() + ": ")
            + (first ? "仮パスワードから本パスワードを設定しました" : "パスワードを変更しました"));
    LOG.info(() -> option.label() + " password changed for line " + line.getPhoneNumber());
  }

  /**
   * What a portal session of an option compares to end itself when the passwords changed since it
   * logged in (a password change, a new temporary password, a lockout); null when the line is gone,
   * cancelled or without the option.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public String sessionStamp(String number, ServiceOption option) {
    ServiceLine line =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", number)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (line == null || line.isCancelled() || !option.isOn(line)) {
      return null;
    }
    return line.credentials(option).sessionStamp();
  }
}
