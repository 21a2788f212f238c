package jp.callmail.infrastructure.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice;
import jp.callmail.domain.model.mail.TemporaryPasswordNotice.Via;

/**
 * The facts of a 仮パスワード設定のお知らせ as the mail shows them, times already in the line's zone ({@code
 * yyyy/MM/dd HH:mm:ss}); the composer only lays them out in Japanese.
 *
 * @param lineNumber the line whose temporary password was set
 * @param setAt when, in the line's zone
 * @param expiresAt until when it is valid, in the line's zone
 * @param validity how long it is valid
 * @param via by phone (IVR) or by an operator
 * @param callerNumber the IVR caller's number; null for an operator
 */
public record PasswordNotice(
    String lineNumber,
    String setAt,
    String expiresAt,
    Duration validity,
    Via via,
    String callerNumber) {

  public PasswordNotice {
    Objects.requireNonNull(lineNumber, "lineNumber");
    Objects.requireNonNull(setAt, "setAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(via, "via");
    if (via == Via.IVR && (callerNumber == null || !callerNumber.matches("[0-9]{1,24}"))) {
      throw new IllegalArgumentException(
          "A notice of the IVR names the caller's number: " + callerNumber);
    }
  }

  /** The notice stored with an outbox row, for a line in {@code zone}. */
  public static PasswordNotice of(String lineNumber, TemporaryPasswordNotice n, ZoneId zone) {
    return new PasswordNotice(
        lineNumber,
        local(n.getSetAt(), zone),
        local(n.getExpiresAt(), zone),
        Duration.between(n.getSetAt(), n.getExpiresAt()),
        n.getVia(),
        n.getCallerNumber());
  }

  private static String local(Instant instant, ZoneId zone) {
    return CallLogEntry.CALL_TIME_FORMAT.format(instant.atZone(zone));
  }
}
