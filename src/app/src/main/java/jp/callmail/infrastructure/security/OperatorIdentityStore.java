package jp.callmail.infrastructure.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.callmail.application.LoginGate;
import jp.callmail.application.OperatorAccountService;
import jp.callmail.application.OperatorAccountService.Authenticated;
import jp.callmail.application.OperatorAccountService.OperatorAccountsChanged;

/**
 * The operator accounts (table {@code operator_account}) as a Jakarta Security identity store: a
 * valid login's group is the account's role ({@code admin}, {@code support}, {@code auditor}).
 *
 * <p>API clients send their Basic credentials with every request, and each check is a 600,000
 * iteration PBKDF2 derivation. So a login that succeeded is remembered for {@value #CACHE_SECONDS}
 * s, keyed by the user name and an HMAC of the password under a key drawn at start (the password
 * itself is never kept); any change of an account forgets every remembered login, and a console
 * session checks its account on every request anyway. Checks that do derive go through the portal's
 * {@link LoginGate} (bounded derivations, failures throttled per source and per name), so that a
 * flood of wrong API credentials cannot take the cores either.
 */
@ApplicationScoped
public class OperatorIdentityStore implements IdentityStore {

  static final long CACHE_SECONDS = 300;
  private static final int MAX_CACHED = 1000;

  @Inject private OperatorAccountService accounts;
  @Inject private LoginGate gate;

  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private final byte[] cacheKey = new byte[32];

  private record Remembered(Authenticated who, long expiresAtNanos) {}

  public OperatorIdentityStore() {
    new SecureRandom().nextBytes(cacheKey);
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    return check(login, "unknown", "api")
        .filter(who -> !who.mustChangePassword())
        .map(OperatorIdentityStore::result)
        .orElse(CredentialValidationResult.INVALID_RESULT);
  }

  /** Checks a login, logging it with its source address and channel. */
  Optional<Authenticated> check(UsernamePasswordCredential login, String from, String via) {
    String key = login.getCaller() + "\n" + mac(login.getPasswordAsString());
    long now = System.nanoTime();
    Remembered known = remembered.get(key);
    if (known != null && now - known.expiresAtNanos() < 0 && via.equals("api")) {
      return Optional.of(known.who());
    }
    String gateKey = "operator:" + login.getCaller();
    if (gate.admit(gateKey, from) != LoginGate.Admission.ADMITTED) {
      return Optional.empty();
    }
    Optional<Authenticated> who;
    try {
      who = accounts.authenticate(login.getCaller(), login.getPasswordAsString(), from, via);
    } finally {
      gate.release();
    }
    if (who.isEmpty()) {
      gate.failed(gateKey, from);
      remembered.remove(key);
      return Optional.empty();
    }
    if (remembered.size() >= MAX_CACHED) {
      remembered.clear();
    }
    remembered.put(key, new Remembered(who.get(), now + CACHE_SECONDS * 1_000_000_000L));
    return who;
  }

  void forget(@Observes OperatorAccountsChanged changed) {
    remembered.clear();
  }

  static CredentialValidationResult result(Authenticated who) {
    return new CredentialValidationResult(who.username(), Set.of(who.role().group()));
  }

  private String mac(String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal((password == null ? "" : password).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
