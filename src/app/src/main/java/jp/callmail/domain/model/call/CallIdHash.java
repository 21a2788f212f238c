package jp.callmail.domain.model.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The key by which the call log finds a Call-ID: SHA-256 of its UTF-8 bytes, 64 lower-case hex
 * digits. RFC 3261 puts no bound on a Call-ID's length, but a B-tree index does (PostgreSQL refuses
 * entries over about 2.7 kB), so uniqueness and lookup use this fixed-size hash while the Call-ID
 * itself is kept whole beside it.
 */
public final class CallIdHash {

  /** Characters of a hash. */
  public static final int LENGTH = 64;

  private CallIdHash() {}

  public static String of(String callId) {
    Objects.requireNonNull(callId, "callId");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
