package jp.callmail.domain.model.operator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.credential.PasswordHasher;

/**
 * One person's operator account (issue 15): a user name, a role, the password's PBKDF2 hash (the
 * subscribers' settings) and what failed logins did. {@value #MAX_FAILURES} consecutive failures
 * lock the account for a while (the caller says how long); an admin's password reset lifts the
 * lock. A check costs one derivation whatever the account's state, so the time taken tells nothing.
 *
 * <p>A password an admin issued (a new account's, a reset's) is a one-time secret: the person must
 * replace it with their own at the next login, and unused it expires (ASVS 2.3.1).
 */
@Entity
@Table(name = "operator_account")
@NamedQuery(
    name = OperatorAccount.BY_USERNAME,
    query = "SELECT a FROM OperatorAccount a WHERE a.username = :username")
@NamedQuery(
    name = OperatorAccount.ALL,
    query = "SELECT a FROM OperatorAccount a ORDER BY a.username")
@NamedQuery(name = OperatorAccount.COUNT, query = "SELECT COUNT(a) FROM OperatorAccount a")
public class OperatorAccount {

  public static final String BY_USERNAME = "OperatorAccount.byUsername";
  public static final String ALL = "OperatorAccount.all";
  public static final String COUNT = "OperatorAccount.count";

  public static final int MAX_FAILURES = 5;
  public static final int MIN_PASSWORD_LENGTH = 12;
  private static final String USERNAME = "[a-z0-9][a-z0-9._-]{1,63}";

  @Id
  @SequenceGenerator(
      name = "operator_account_seq",
      sequenceName = "operator_account_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "operator_account_seq")
  private Long id;

  @Column(nullable = false, length = 64)
  private String username;

  @Column(name = "password_hash", nullable = false, length = 200)
  private String passwordHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private OperatorRole role;

  @Column(nullable = false)
  private boolean disabled;

  @Column(name = "failed_logins", nullable = false)
  private int failedLogins;

  @Column(name = "locked_until")
  private Instant lockedUntil;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_login_at")
  private Instant lastLoginAt;

  /** Set while the password is one an admin issued: when it stops being accepted. */
  @Column(name = "password_expires_at")
  private Instant passwordExpiresAt;

  protected OperatorAccount() {}

  /** An account whose password the person chose (the first admin's, from configuration). */
  public OperatorAccount(
      String username, String password, OperatorRole role, Instant now, PasswordHasher hasher) {
    this(username, password, role, now, null, hasher);
  }

  /**
   * An account with a password an admin issued, to be replaced at the first login, before {@code
   * passwordExpiresAt} (null: the person chose it).
   */
  public OperatorAccount(
      String username,
      String password,
      OperatorRole role,
      Instant now,
      Instant passwordExpiresAt,
      PasswordHasher hasher) {
    if (username == null || !username.matches(USERNAME)) {
      throw new RuleViolation(
          "username",
          "operator-username",
          "A user name is 2-64 characters: lower-case letters, digits, '.', '_' or '-'");
    }
    if (role == null) {
      throw new RuleViolation("role", "required", "Choose a role: ADMIN, SUPPORT or AUDITOR");
    }
    this.username = username;
    this.role = role;
    this.createdAt = now;
    this.passwordExpiresAt = passwordExpiresAt;
    this.passwordHash = hasher.hash(checkedPassword(password));
  }

  /**
   * Checks a password. Disabled and locked accounts are refused without looking at the password
   * (but after the same derivation).
   */
  public OperatorLoginOutcome login(
      String password, Instant now, PasswordHasher hasher, Duration lockFor) {
    boolean matches = hasher.matches(password, passwordHash);
    if (disabled) {
      return OperatorLoginOutcome.DISABLED;
    }
    if (isLocked(now)) {
      return OperatorLoginOutcome.LOCKED;
    }
    if (matches && passwordExpiresAt != null && !now.isBefore(passwordExpiresAt)) {
      return OperatorLoginOutcome.EXPIRED;
    }
    if (matches) {
      failedLogins = 0;
      lockedUntil = null;
      lastLoginAt = now;
      return OperatorLoginOutcome.ACCEPTED;
    }
    failedLogins++;
    if (failedLogins >= MAX_FAILURES) {
      failedLogins = 0;
      lockedUntil = now.plus(lockFor);
      return OperatorLoginOutcome.LOCKED;
    }
    return OperatorLoginOutcome.REFUSED;
  }

  /**
   * An admin issues a password (also lifts a lock): the person must replace it at the next login,
   * before {@code expiresAt}.
   */
  public void issuePassword(String password, Instant expiresAt, PasswordHasher hasher) {
    passwordHash = hasher.hash(checkedPassword(password));
    passwordExpiresAt = expiresAt;
    failedLogins = 0;
    lockedUntil = null;
  }

  /**
   * The person replaces their password with one of their own: the current one must match, the new
   * one follow the rules, differ from it and not contain the user name.
   */
  public void changePassword(String current, String next, PasswordHasher hasher) {
    if (current == null || !hasher.matches(current, passwordHash)) {
      throw new RuleViolation(
          "currentPassword", "operator-current-password", "The current password is not right");
    }
    checkedPassword(next);
    if (next.equals(current)) {
      throw new RuleViolation(
          "newPassword", "operator-password-same", "Choose a password other than the current one");
    }
    if (next.toLowerCase(java.util.Locale.ROOT).contains(username)) {
      throw new RuleViolation(
          "newPassword", "operator-password-username", "A password must not contain the user name");
    }
    passwordHash = hasher.hash(next);
    passwordExpiresAt = null;
  }

  /** Whether the password is one an admin issued, to be replaced before anything else. */
  public boolean mustChangePassword() {
    return passwordExpiresAt != null;
  }

  public Instant passwordExpiresAt() {
    return passwordExpiresAt;
  }

  public void disable() {
    disabled = true;
  }

  public void enable() {
    disabled = false;
  }

  public void changeRole(OperatorRole role) {
    if (role == null) {
      throw new RuleViolation("role", "required", "Choose a role: ADMIN, SUPPORT or AUDITOR");
    }
    this.role = role;
  }

  public boolean isLocked(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  /** Whether it may log in now as far as its state goes (enabled, not locked). */
  public boolean isUsable(Instant now) {
    return !disabled && !isLocked(now);
  }

  public String username() {
    return username;
  }

  public OperatorRole role() {
    return role;
  }

  public boolean isDisabled() {
    return disabled;
  }

  public Instant lockedUntil() {
    return lockedUntil;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastLoginAt() {
    return lastLoginAt;
  }

  private static String checkedPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 128) {
      throw new RuleViolation(
          "newPassword",
          "operator-password",
          "An operator password is 12-128 characters (a passphrase is best)");
    }
    return password;
  }
}
