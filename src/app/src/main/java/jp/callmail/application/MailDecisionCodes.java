package jp.callmail.application;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.callmail.domain.service.MailDecision;

/**
 * The call log stores each call's mail decision as the text written when the call was recorded
 * ("mail to 2 addresses", "no mail: stopped (停止中)"); screens show it in the reader's language, so
 * it is read back here as a stable code (a key of the portal's and the console's texts) and a mail
 * count. Texts this class does not know (older rows) give {@link #OTHER}.
 */
final class MailDecisionCodes {

  static final String SEND = "send";
  static final String STOPPED = "stopped";
  static final String NOT_DESIGNATED = "not-designated";
  static final String WITHHELD = "withheld";
  static final String ANSWERED = "answered";
  static final String NO_SENDING_ADDRESS = "no-sending-address";
  static final String OTHER = "other";

  /** A call with no decision (a line with the fax option only). */
  static final String NONE = "none";

  /** The text {@code CallNotificationService} writes when no address has 送信する checked. */
  static final String NO_SENDING_ADDRESS_TEXT = "no mail: no address has 送信する checked";

  private static final Pattern SENT = Pattern.compile("mail to (\\d+) address(es)?");

  private MailDecisionCodes() {}

  /** The code of a stored decision. */
  static String code(String stored) {
    if (stored == null || stored.isBlank()) {
      return NONE;
    }
    if (SENT.matcher(stored).matches()) {
      return SEND;
    }
    if (stored.equals(NO_SENDING_ADDRESS_TEXT)) {
      return NO_SENDING_ADDRESS;
    }
    String reason =
        stored.startsWith("no mail: ") ? stored.substring("no mail: ".length()) : stored;
    if (reason.equals(MailDecision.STOPPED.reason())) {
      return STOPPED;
    }
    if (reason.equals(MailDecision.CALLER_NOT_DESIGNATED.reason())) {
      return NOT_DESIGNATED;
    }
    if (reason.equals(MailDecision.WITHHELD_CALLER.reason())) {
      return WITHHELD;
    }
    if (reason.equals(MailDecision.ANSWERED.reason())) {
      return ANSWERED;
    }
    return OTHER;
  }

  /** How many mails a "mail to N addresses" decision made; 0 otherwise. */
  static int count(String stored) {
    Matcher m = SENT.matcher(stored == null ? "" : stored);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }
}
