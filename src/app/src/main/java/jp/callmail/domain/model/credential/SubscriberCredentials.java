package jp.callmail.domain.model.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import jp.callmail.domain.model.RuleViolation;

/**
 * The passwords of one service line and what failed logins did to them (SPEC §6, §7; OWASP ASVS
 * L2). Only hashes are kept. A temporary password is valid for 24 hours and can only be used to set
 * a real one; 10 consecutive failures — wrong passwords at the login and wrong current passwords at
 * the password change alike — invalidate every password until a new temporary one is set by phone
 * or by an operator. The password invalidated so stays invalid: the new temporary password leads to
 * a new own password, never back to the old one (only an operator's unlock restores it). {@link
 * #sessionStamp} changes with every password change, new temporary password and lockout, so that
 * the portal can end the sessions logged in before.
 */
@Embeddable
public class SubscriberCredentials {

  public static final Duration TEMPORARY_VALIDITY = Duration.ofHours(24);
  public static final int MAX_FAILURES = 10;

  @Column(name = "password_hash")
  private String passwordHash;

  @Column(name = "temp_password_hash")
  private String temporaryHash;

  @Column(name = "temp_password_expires_at")
  private Instant temporaryExpiresAt;

  @Column(name = "failed_logins", nullable = false)
  private int failedLogins;

  @Column(name = "password_invalidated", nullable = false)
  private boolean invalidated;

  /** Sets (or replaces) the temporary password, valid for 24 hours; this also lifts a lockout. */
  public void setTemporary(String temporary, Instant now, PasswordHasher hasher) {
    setTemporary(temporary, now, hasher, TEMPORARY_VALIDITY);
  }

  /** As {@link #setTemporary(String, Instant, PasswordHasher)} with another validity (tests). */
  public void setTemporary(
      String temporary, Instant now, PasswordHasher hasher, Duration validity) {
    if (!PasswordRules.isValidTemporary(temporary)) {
      throw new RuleViolation(
          "temporaryPassword",
          "temporary-format",
          "A temporary password is 8 characters of digits and '*', with at least one '*' and not all '*'");
    }
    temporaryHash = hasher.hash(temporary);
    temporaryExpiresAt = now.plus(validity);
    if (invalidated) {
      passwordHash = null; // the guide: an invalidated password stays invalid
    }
    failedLogins = 0;
    invalidated = false;
  }

  /**
   * Checks a password. Always derives two hashes, whatever is stored, so that the time taken says
   * nothing about the line's state.
   */
  public LoginOutcome login(String password, Instant now, PasswordHasher hasher) {
    boolean temporaryOk = check(password, temporaryUsable(now) ? temporaryHash : null, hasher);
    boolean realOk = check(password, passwordHash, hasher);
    if (invalidated) {
      return LoginOutcome.REFUSED;
    }
    if (realOk || temporaryOk) {
      failedLogins = 0;
      return realOk ? LoginOutcome.ACCEPTED : LoginOutcome.MUST_CHANGE_PASSWORD;
    }
    fail();
    return LoginOutcome.REFUSED;
  }

  /** One more consecutive failure; the tenth invalidates every password. */
  private void fail() {
    failedLogins++;
    if (failedLogins >= MAX_FAILURES) {
      invalidated = true;
      temporaryHash = null;
      temporaryExpiresAt = null;
    }
  }

  /**
   * Sets the subscriber's own password; the current one may be the temporary password. A wrong
   * current password is a failure like a wrong login (the caller must keep the count: commit even
   * though this throws); the one that reaches 10 invalidates the passwords and is told as {@code
   * locked}.
   */
  public void change(
      String current, String next, String repeated, Instant now, PasswordHasher hasher) {
    if (invalidated) {
      throw new RuleViolation(
          "currentPassword",
          "locked",
          "This line's password is invalidated; set a new temporary password by phone (パスワードが無効です)");
    }
    boolean currentOk =
        check(current, temporaryUsable(now) ? temporaryHash : null, hasher)
            | check(current, passwordHash, hasher);
    if (!currentOk) {
      fail();
      if (invalidated) {
        throw new RuleViolation(
            "currentPassword",
            "locked",
            "10 wrong passwords in a row invalidated this line's password; set a new temporary password by phone (パスワードが無効になりました)");
      }
      throw new RuleViolation(
          "currentPassword",
          "current-password",
          "The current password is not correct (現在のパスワードが正しくありません)");
    }
    failedLogins = 0;
    PasswordRules.checkReal("newPassword", next);
    if (next.equals(current)) {
      // A "change" that keeps the password would tell the user it was changed while nothing is
      // safer.
      throw new RuleViolation(
          "newPassword",
          "password-unchanged",
          "The new password is the current one; choose another (現在のパスワードと異なるパスワードを設定してください)");
    }
    if (!next.equals(repeated)) {
      throw new RuleViolation(
          "repeatPassword", "password-mismatch", "The two new passwords differ (新しいパスワードが一致しません)");
    }
    passwordHash = hasher.hash(next);
    temporaryHash = null;
    temporaryExpiresAt = null;
    failedLogins = 0;
  }

  /**
   * An operator's unlock: failures count from zero again and the subscriber's own password is valid
   * again. Nothing else changes; a temporary password discarded by the lockout stays gone.
   */
  public void unlock() {
    invalidated = false;
    failedLogins = 0;
  }

  /**
   * A value that changes whenever a session logged in before should end: a new own password, a new
   * temporary password (set or retired) and a lockout. Derived from the stored hashes (each with
   * its own salt, so even the same password set again changes it); failed logins leave it alone.
   */
  public String sessionStamp() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String state = passwordHash + "|" + temporaryHash + "|" + invalidated;
      return HexFormat.of().formatHex(sha.digest(state.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  public boolean isLocked() {
    return invalidated;
  }

  public int failedLogins() {
    return failedLogins;
  }

  /** For operators: whether a real password was ever set. */
  public boolean hasPassword() {
    return passwordHash != null;
  }

  public Instant temporaryExpiresAt() {
    return temporaryExpiresAt;
  }

  private boolean temporaryUsable(Instant now) {
    return temporaryHash != null && temporaryExpiresAt != null && now.isBefore(temporaryExpiresAt);
  }

  private static boolean check(String password, String hash, PasswordHasher hasher) {
    if (hash == null) {
      hasher.burn(password);
      return false;
    }
    return hasher.matches(password, hash);
  }
}
