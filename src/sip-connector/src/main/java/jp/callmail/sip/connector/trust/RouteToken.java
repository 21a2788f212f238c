package jp.callmail.sip.connector.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Marks the Record-Route entries this proxy writes, so that an in-dialog request proves it belongs
 * to a dialog that was set up through callmail: the entry carries an HMAC of the dialog's Call-ID.
 * An in-dialog request without a valid mark gets no more than an initial request would (RFC 3261
 * §16.4 lets any request name any Route; this is what keeps callmail from being a relay all the
 * same).
 *
 * <p>The key comes from {@code callmail.sip.route-secret}; without it each start makes a random
 * one, so dialogs set up before a restart, or through another instance, are then held to the rules
 * for requests without a mark. Instances behind one load balancer share the secret.
 */
public final class RouteToken {

  /** The URI parameter of the mark. */
  public static final String PARAMETER = "cm";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int LENGTH = 16;

  private final SecretKeySpec key;

  private RouteToken(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /** A token keyed by the configured secret, or by a random one when it is null or blank. */
  public static RouteToken of(String secret) {
    if (secret == null || secret.isBlank()) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return new RouteToken(random);
    }
    if (secret.length() < 16) {
      throw new IllegalArgumentException("route-secret must be at least 16 characters");
    }
    return new RouteToken(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The mark for a dialog's Call-ID: 16 URL-safe characters. */
  public String mark(String callId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(callId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /**
   * Whether a mark found on a Route entry is the one for this Call-ID (compared in constant time).
   */
  public boolean verifies(String callId, String mark) {
    if (mark == null || callId == null) {
      return false;
    }
    return MessageDigest.isEqual(
        mark(callId).getBytes(StandardCharsets.US_ASCII), mark.getBytes(StandardCharsets.US_ASCII));
  }
}
