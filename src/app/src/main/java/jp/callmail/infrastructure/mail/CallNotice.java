package jp.callmail.infrastructure.mail;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import jp.callmail.application.CallWords;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.call.CompletedCall;

/**
 * The five fields of a notice (SPEC §5) as the mail shows them. Kept as display strings so the
 * composer only lays text out; formatting the time in the line's zone and choosing labels happens
 * once, here.
 *
 * @param callTime 着信日時, {@code yyyy/MM/dd HH:mm:ss} in the line's zone
 * @param callerNumber 発信者通知番号, empty when withheld
 * @param withheldReason 非通知理由: empty, 非通知, 公衆 or 表示圏外
 * @param ringingSeconds 呼出時間 in whole seconds
 * @param outcome 着信状態: 通話, 転送 or 応答なし
 */
public record CallNotice(
    String callTime,
    String callerNumber,
    String withheldReason,
    long ringingSeconds,
    String outcome) {

  private static final DateTimeFormatter CALL_TIME_FORMAT = CallLogEntry.CALL_TIME_FORMAT;

  public CallNotice {
    Objects.requireNonNull(callTime, "callTime");
    Objects.requireNonNull(callerNumber, "callerNumber");
    Objects.requireNonNull(withheldReason, "withheldReason");
    Objects.requireNonNull(outcome, "outcome");
    requireCallTimeFormat(callTime);
    if (ringingSeconds < 0) {
      throw new IllegalArgumentException("ringingSeconds must not be negative: " + ringingSeconds);
    }
    for (String field : new String[] {callerNumber, withheldReason, outcome}) {
      if (field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("A notice field must be one line: " + field);
      }
    }
  }

  /**
   * The notice of a completed call, its time shown in {@code zone} (the line's zone) and its 非通知理由
   * and 着信状態 in the mail's {@code words}.
   */
  public static CallNotice of(CompletedCall r, ZoneId zone, CallWords words) {
    return new CallNotice(
        CALL_TIME_FORMAT.format(r.callTime().atZone(zone)),
        r.callerNumber(),
        words.withheldReason(r.withheldReason()),
        r.ringingSeconds(),
        words.outcome(r.outcome()));
  }

  /** 着信日時's date part, {@code yyyy/MM/dd}; the mobile form puts it on a line of its own. */
  String callDate() {
    return callTime.substring(0, callTime.indexOf(' '));
  }

  /** 着信日時's time part, {@code HH:mm:ss}. */
  String callClock() {
    return callTime.substring(callTime.indexOf(' ') + 1);
  }

  /** The mobile form splits at the space, so anything but the exact format is refused here. */
  private static void requireCallTimeFormat(String callTime) {
    try {
      LocalDateTime parsed = LocalDateTime.parse(callTime, CALL_TIME_FORMAT);
      if (!CALL_TIME_FORMAT.format(parsed).equals(callTime)) {
        throw new IllegalArgumentException("callTime is not yyyy/MM/dd HH:mm:ss: " + callTime);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("callTime is not yyyy/MM/dd HH:mm:ss: " + callTime, e);
    }
  }
}
