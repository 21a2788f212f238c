package jp.callmail.sip.connector.call;

import jp.callmail.sip.api.WithheldReason;

/**
 * The caller as a notification shows it: a number in national form, or why there is none.
 *
 * @param number national-form digits; empty when withheld
 * @param withheldReason {@link WithheldReason#NONE} when the number is shown
 */
public record CallerIdentity(String number, WithheldReason withheldReason) {

  public CallerIdentity {
    number = withheldReason.isWithheld() || number == null ? "" : number;
  }

  public static CallerIdentity shown(String number) {
    return new CallerIdentity(number, WithheldReason.NONE);
  }

  public static CallerIdentity withheld(WithheldReason reason) {
    return new CallerIdentity("", reason);
  }
}
