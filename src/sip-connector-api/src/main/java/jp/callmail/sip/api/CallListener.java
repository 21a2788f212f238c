package jp.callmail.sip.api;

/**
 * Message listener interface that a message-driven bean implements to receive calls from the SIP
 * resource adapter.
 *
 * <p>Both methods are invoked through the adapter's WorkManager, never on a SIP stack thread, so the
 * bean may use transactions and JPA freely. The adapter caches {@link #lookupLine} answers for a
 * short time: the application stays the single owner of which numbers are watched.
 */
public interface CallListener {

  /**
   * Tells the adapter whether calls to a number are watched and where they go next.
   *
   * @param calledNumber called number in national form, digits only (e.g. {@code 0312345678})
   * @return the line's route; {@link LineRoute#unwatched(String)} when the number is not a service
   *     line
   */
  LineRoute lookupLine(String calledNumber);

  /**
   * Receives one call to a watched number that reached its end state. Invoked once per call;
   * the application records it and decides on mail.
   */
  void callCompleted(CallCompletedRecord record);

  /**
   * Tells the IVR which lines a caller may set a temporary password for (SPEC §6): its own number
   * when that is a service line, and the lines that list it as an authentication number.
   *
   * @param callerNumber the caller's number in national form, digits only
   * @return never null; {@link IvrCaller#refused(String)} for anyone else
   */
  IvrCaller ivrCaller(String callerNumber);

  /**
   * Sets a line's temporary password from the IVR, through the same service the portal uses: the
   * password is stored hashed, valid for 24 hours, replaces an earlier one and clears a lockout;
   * the event is logged for the operator. The application checks again that the caller may act on
   * the line.
   */
  TemporaryPasswordOutcome setTemporaryPassword(
      String lineNumber, IvrService service, String temporaryPassword, String callerNumber);
}
