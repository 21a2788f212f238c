package jp.callmail.infrastructure.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator account of the provisioning API. Its name and password come from configuration
 * ({@code callmail.operator.username}, {@code callmail.operator.password}, e.g. from the
 * environment variable {@code CALLMAIL_OPERATOR_PASSWORD}); with no password configured nobody can
 * log in. Passwords are compared in constant time.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "callmail operator")
public class OperatorIdentityStore implements IdentityStore {

  public static final String OPERATOR_ROLE = "operator";
  private static final Logger LOG = Logger.getLogger(OperatorIdentityStore.class.getName());

  @Inject
  @ConfigProperty(name = "callmail.operator.username", defaultValue = "operator")
  String username;

  @Inject
  @ConfigProperty(name = "callmail.operator.password")
  Optional<String> password;

  @PostConstruct
  void warnWhenUnset() {
    if (password.isEmpty() || password.get().isBlank()) {
      LOG.warning(
          "No operator password configured (callmail.operator.password / CALLMAIL_OPERATOR_PASSWORD): "
              + "the provisioning API refuses every login");
    }
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    boolean nameMatches = constantTimeEquals(username, login.getCaller());
    boolean passwordMatches =
        password
            .filter(p -> !p.isBlank())
            .map(p -> constantTimeEquals(p, login.getPasswordAsString()))
            .orElse(false);
    if (nameMatches && passwordMatches) {
      return new CredentialValidationResult(login.getCaller(), Set.of(OPERATOR_ROLE));
    }
    LOG.info(() -> "Operator login refused for user '" + login.getCaller() + "'");
    return CredentialValidationResult.INVALID_RESULT;
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        (given == null ? "" : given).getBytes(StandardCharsets.UTF_8));
  }
}
