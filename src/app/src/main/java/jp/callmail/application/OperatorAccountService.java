package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.credential.PasswordHasher;
import jp.callmail.domain.model.operator.OperatorAccount;
import jp.callmail.domain.model.operator.OperatorLoginOutcome;
import jp.callmail.domain.model.operator.OperatorPermission;
import jp.callmail.domain.model.operator.OperatorRole;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operator accounts: one per person (issue 15). Logins are checked here for the console and the API
 * and every attempt is logged (user name escaped, source address, outcome; never the password).
 * Admins manage accounts; every change is audited with the admin's name. The first admin is made
 * once, when the schema is ready and there is no account yet, from {@code
 * callmail.operator.username} and the password in {@code callmail.operator.password-file} or {@code
 * callmail.operator.password} (the environment variable {@code CALLMAIL_OPERATOR_PASSWORD});
 * afterwards those settings are not read again.
 */
@ApplicationScoped
@Transactional
public class OperatorAccountService {

  private static final Logger LOG = Logger.getLogger(OperatorAccountService.class.getName());
  private static final char[] PASSWORD_CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private AuditLog audit;
  @Inject private Operators operators;
  @Inject private Event<OperatorAccountsChanged> changed;

  @Inject
  @ConfigProperty(name = "callmail.operator.username", defaultValue = "operator")
  String firstUsername;

  @Inject
  @ConfigProperty(name = "callmail.operator.password")
  Optional<String> firstPassword;

  @Inject
  @ConfigProperty(name = "callmail.operator.password-file")
  Optional<String> firstPasswordFile;

  @Inject
  @ConfigProperty(name = "callmail.operator.lockout-seconds", defaultValue = "900")
  long lockoutSeconds;

  @Inject
  @ConfigProperty(name = "callmail.operator.issued-password-hours", defaultValue = "72")
  long issuedPasswordHours;

  private final PasswordHasher hasher = new PasswordHasher();

  /** An operator account as the admin sees it. */
  public record AccountView(
      String username,
      String role,
      boolean disabled,
      boolean locked,
      String lockedUntil,
      String createdAt,
      String lastLoginAt,
      String passwordExpiresAt) {}

  /** A password made for an account, shown once to the admin. */
  public record IssuedOperatorPassword(String username, String password) {}

  /**
   * A successful login: who, with which role, and whether the password is one an admin issued,
   * which the person must replace before anything else.
   */
  public record Authenticated(String username, OperatorRole role, boolean mustChangePassword) {}

  /** Fired after any change of an account, so that cached logins are forgotten. */
  public record OperatorAccountsChanged(String username) {}

  /**
   * Checks an operator's login. Unknown names cost the same derivation as known ones.
   *
   * @param via {@code console} or {@code api}, for the log
   */
  public Optional<Authenticated> authenticate(
      String username, String password, String from, String via) {
    String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    OperatorAccount account = find(name).orElse(null);
    OperatorLoginOutcome outcome;
    if (account == null) {
      hasher.burn(password);
      outcome = OperatorLoginOutcome.REFUSED;
    } else {
      Instant now = Instant.now();
      boolean lockedBefore = account.isLocked(now);
      outcome =
          account.login(
              password == null ? "" : password, now, hasher, Duration.ofSeconds(lockoutSeconds));
      if (!lockedBefore && account.isLocked(now)) {
        changed.fire(new OperatorAccountsChanged(account.username())); // remembered logins too
        audit.record(
            "operator:" + account.username(),
            "operator.lockout",
            "operator:" + account.username(),
            OperatorAccount.MAX_FAILURES
                + "回連続でログインに失敗したため、"
                + ScreenTime.format(account.lockedUntil())
                + " までロックしました(接続元 "
                + LogText.escape(from, 60)
                + ")");
      }
    }
    OperatorLoginOutcome logged = outcome;
    LOG.info(
        () ->
            "operator login user="
                + LogText.escape(username, 64)
                + " from="
                + LogText.escape(from, 60)
                + " via="
                + via
                + " outcome="
                + logged
                + (account == null ? " (no such account)" : ""));
    return outcome == OperatorLoginOutcome.ACCEPTED
        ? Optional.of(authenticated(account))
        : Optional.empty();
  }

  /**
   * An enabled, unlocked account as it is now: a console session lives only as long as this, and
   * follows its role and whether its password must be replaced.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Authenticated> active(String username) {
    return find(username)
        .filter(a -> a.isUsable(Instant.now()))
        .map(OperatorAccountService::authenticated);
  }

  /**
   * The logged-in operator replaces their password (an issued one must be, at the first login). The
   * new password is typed twice.
   */
  public void changeOwnPassword(String current, String next, String repeated) {
    OperatorAccount account = require(operators.current());
    if (next == null || !next.equals(repeated)) {
      throw new RuleViolation(
          "repeatedPassword", "operator-password-repeat", "The new password was typed differently");
    }
    account.changePassword(current, next, hasher);
    audit.record(
        operators.current(), "operator.change-password", "operator:" + account.username(), "");
    changed.fire(new OperatorAccountsChanged(account.username()));
  }

  /** An admin gives another account another role. */
  public AccountView changeRole(String username, String role) {
    operators.require(OperatorPermission.ADMIN);
    OperatorAccount account = require(username);
    if (account.username().equals(operators.current())) {
      throw new RuleViolation(
          "username", "operator-self", "You cannot change your own account's role");
    }
    OperatorRole before = account.role();
    account.changeRole(role(role));
    audit.record(
        operators.current(),
        "operator.change-role",
        "operator:" + account.username(),
        "ロール " + before.group() + " → " + account.role().group());
    changed.fire(new OperatorAccountsChanged(account.username()));
    return view(account);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AccountView> accounts() {
    operators.require(OperatorPermission.ADMIN);
    return em.createNamedQuery(OperatorAccount.ALL, OperatorAccount.class).getResultList().stream()
        .map(OperatorAccountService::view)
        .toList();
  }

  /** An admin creates an account; its first password is made here and shown once. */
  public IssuedOperatorPassword create(String username, String role) {
    operators.require(OperatorPermission.ADMIN);
    String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    if (find(name).isPresent()) {
      throw new RuleViolation(
          "username", "operator-exists", "An operator account named '" + name + "' exists");
    }
    String password = newPassword();
    OperatorAccount account =
        new OperatorAccount(
            name, password, role(role), Instant.now(), issuedPasswordExpiry(), hasher);
    em.persist(account);
    audit.record(
        operators.current(),
        "operator.create",
        "operator:" + name,
        "ロール " + account.role().group());
    return new IssuedOperatorPassword(name, password);
  }

  /** An admin sets a new random password (shown once); this also lifts a lock. */
  public IssuedOperatorPassword resetPassword(String username) {
    operators.require(OperatorPermission.ADMIN);
    OperatorAccount account = require(username);
    String password = newPassword();
    account.issuePassword(password, issuedPasswordExpiry(), hasher);
    audit.record(
        operators.current(), "operator.reset-password", "operator:" + account.username(), "");
    changed.fire(new OperatorAccountsChanged(account.username()));
    return new IssuedOperatorPassword(account.username(), password);
  }

  public AccountView disable(String username) {
    operators.require(OperatorPermission.ADMIN);
    OperatorAccount account = require(username);
    if (account.username().equals(operators.current())) {
      throw new RuleViolation("username", "operator-self", "You cannot disable your own account");
    }
    account.disable();
    audit.record(operators.current(), "operator.disable", "operator:" + account.username(), "");
    changed.fire(new OperatorAccountsChanged(account.username()));
    return view(account);
  }

  public AccountView enable(String username) {
    operators.require(OperatorPermission.ADMIN);
    OperatorAccount account = require(username);
    account.enable();
    audit.record(operators.current(), "operator.enable", "operator:" + account.username(), "");
    changed.fire(new OperatorAccountsChanged(account.username()));
    return view(account);
  }

  /**
   * Makes the first admin once the schema is ready, if there is no account at all: from the file
   * named by {@code callmail.operator.password-file}, else {@code callmail.operator.password}.
   */
  public void createFirstAdmin(@Observes SchemaMigrated migrated) {
    long count = em.createNamedQuery(OperatorAccount.COUNT, Long.class).getSingleResult();
    if (count > 0) {
      return;
    }
    Optional<String> password =
        firstPasswordFile.map(this::readPasswordFile).or(() -> firstPassword);
    if (password.isEmpty() || password.get().isBlank()) {
      LOG.warning(
          "No operator account yet and no first password configured (callmail.operator.password-file"
              + " or CALLMAIL_OPERATOR_PASSWORD): nobody can log in to the console or the API");
      return;
    }
    String name = firstUsername.strip().toLowerCase(Locale.ROOT);
    em.persist(
        new OperatorAccount(
            name, password.get().strip(), OperatorRole.ADMIN, Instant.now(), hasher));
    audit.record(Operators.SYSTEM, "operator.create", "operator:" + name, "最初の管理者(ロール admin)");
    LOG.info(() -> "first operator account '" + name + "' (admin) created from configuration");
  }

  private Instant issuedPasswordExpiry() {
    return Instant.now().plus(Duration.ofHours(Math.max(1, issuedPasswordHours)));
  }

  private static Authenticated authenticated(OperatorAccount account) {
    return new Authenticated(account.username(), account.role(), account.mustChangePassword());
  }

  private String readPasswordFile(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      LOG.warning(() -> "Cannot read callmail.operator.password-file " + file + ": " + e);
      return null;
    }
  }

  private Optional<OperatorAccount> find(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return em.createNamedQuery(OperatorAccount.BY_USERNAME, OperatorAccount.class)
        .setParameter("username", username.strip().toLowerCase(Locale.ROOT))
        .getResultStream()
        .findFirst();
  }

  private OperatorAccount require(String username) {
    return find(username)
        .orElseThrow(
            () -> new NotFound("username", "No operator account named '" + username + "'"));
  }

  private static OperatorRole role(String role) {
    try {
      return OperatorRole.valueOf(role == null ? "" : role.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RuleViolation("role", "operator-role", "Choose a role: admin, support or auditor");
    }
  }

  private static String newPassword() {
    StringBuilder b = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      b.append(PASSWORD_CHARS[RANDOM.nextInt(PASSWORD_CHARS.length)]);
    }
    return b.toString();
  }

  private static AccountView view(OperatorAccount a) {
    Instant now = Instant.now();
    return new AccountView(
        a.username(),
        a.role().group(),
        a.isDisabled(),
        a.isLocked(now),
        a.lockedUntil() == null ? null : ScreenTime.format(a.lockedUntil()),
        ScreenTime.format(a.createdAt()),
        a.lastLoginAt() == null ? null : ScreenTime.format(a.lastLoginAt()),
        a.passwordExpiresAt() == null ? null : ScreenTime.format(a.passwordExpiresAt()));
  }
}
