package jp.callmail.domain.model.call;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * 発信者通知番号 and 非通知理由 as the call log keeps them (SPEC §3): a shown number is 1 to 24 digits, a
 * withheld one is empty with its reason.
 *
 * <p>The network decides what arrives, and a call must be recorded whatever arrives: a number that
 * is empty, too long or not digits is no number the subscriber could call back, so it is shown as
 * the network's "not available" (表示圏外) instead of failing the call's record.
 *
 * @param number digits only, empty when withheld
 * @param withheldReason {@link WithheldReason#NONE} exactly when the number is shown
 */
public record CallerId(String number, WithheldReason withheldReason) {

  /** The longest number kept (the call log's column; longer than any E.164 number with 010). */
  public static final int MAX_DIGITS = 24;

  private static final Pattern NUMBER = Pattern.compile("[0-9]{1," + MAX_DIGITS + "}");

  public CallerId {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(withheldReason, "withheldReason");
    if (withheldReason.isWithheld() ? !number.isEmpty() : !NUMBER.matcher(number).matches()) {
      throw new IllegalArgumentException(
          "not a caller id the call log keeps: '" + number + "' " + withheldReason);
    }
  }

  /**
   * The caller as reported by the SIP connector: a withheld caller keeps its reason (and no
   * number); a shown number that cannot be kept becomes {@link WithheldReason#UNAVAILABLE}.
   */
  public static CallerId of(String reportedNumber, WithheldReason reportedReason) {
    WithheldReason reason = reportedReason == null ? WithheldReason.UNAVAILABLE : reportedReason;
    if (reason.isWithheld()) {
      return new CallerId("", reason);
    }
    if (reportedNumber == null || !NUMBER.matcher(reportedNumber).matches()) {
      return new CallerId("", WithheldReason.UNAVAILABLE);
    }
    return new CallerId(reportedNumber, WithheldReason.NONE);
  }
}
