package jp.callmail.sip.connector.ivr;

import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;

/**
 * What an {@link IvrCallSession} needs from the SIP side: the application and the dialog. Keeps the
 * media loop free of SIP and JCA types, and lets a test play the SIP side.
 */
public interface IvrCallControl {

  /**
   * Sets a line's temporary password through the application. Blocking, bounded by a timeout.
   * Called on the session thread.
   *
   * @throws Exception when the application fails or does not answer in time
   */
  TemporaryPasswordOutcome setTemporaryPassword(String line, IvrService service, String password)
      throws Exception;

  /** The IVR ends the call (the SIP side sends BYE). Not called when the remote hung up. */
  void hangUp();

  /** Call-id or similar for logs. */
  String describe();
}
