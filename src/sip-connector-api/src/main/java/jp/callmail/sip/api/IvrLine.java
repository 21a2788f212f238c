package jp.callmail.sip.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * A service line that a caller of the IVR may set the temporary password of.
 *
 * @param number the line's number in national form, digits only
 * @param callMail whether the line has the call-mail option (着信お知らせメール)
 * @param faxMail whether the line has the fax-mail option (FAXお知らせメール)
 */
public record IvrLine(String number, boolean callMail, boolean faxMail) implements Serializable {

  public IvrLine {
    Objects.requireNonNull(number, "number");
  }

  /** Whether the line has the option the caller chose. */
  public boolean offers(IvrService service) {
    return service == IvrService.CALL_MAIL ? callMail : faxMail;
  }
}
