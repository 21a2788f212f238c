package jp.callmail.sip.api;

import java.time.Instant;
import java.util.List;

/**
 * Message listener interface that a message-driven bean implements to receive calls from the SIP
 * resource adapter.
 *
 * <p>Every method is invoked through the adapter's WorkManager, never on a SIP stack thread, so the
 * bean may use transactions and JPA freely; a SIP thread that needs an answer waits for that work
 * with a bound, and {@link #callCompleted} is not awaited at all (the adapter journals the record
 * and retries its delivery until it is taken). The adapter keeps a table of the lines' routes,
 * loaded with {@link #lineRoutes} and refreshed every few seconds, so that a call never waits for
 * the application; the application stays the single owner of which numbers are watched.
 */
public interface CallListener {

  /**
   * Tells the adapter whether calls to a number are watched and where they go next; asked only
   * while the adapter's line table is not loaded yet.
   *
   * @param calledNumber called number in national form, digits only (e.g. {@code 0312345678})
   * @return the line's route; {@link LineRoute#unwatched(String)} when the number is not a service
   *     line
   */
  LineRoute lookupLine(String calledNumber);

  /**
   * Gives the adapter the routes of every line changed since a moment, or of every line. The
   * adapter answers calls from this table; it asks with {@code null} when it starts or reloads, and
   * then with the {@link LineRoutes#asOf()} of the previous answer. The application allows for
   * transactions that committed late, so an answer may repeat routes the adapter already has.
   *
   * @param changedSince null for every line
   */
  LineRoutes lineRoutes(Instant changedSince);

  /**
   * Receives one call to a watched number that reached its end state. Invoked once per call; the
   * application records it and decides on mail.
   */
  void callCompleted(CallCompletedRecord record);

  /**
   * Receives several calls that reached their end state, in the order they did: what the adapter
   * collected while earlier deliveries were under way. The application records them together (one
   * transaction) and returns normally only when every one of them is taken (logged, ignored as
   * delivered before, or kept as refused by itself); it never lets one refused record fail the
   * others. Anything it throws leaves them all with the adapter, which delivers them again.
   *
   * @param records at least one; each as {@link #callCompleted} would receive it
   */
  void callsCompleted(List<CallCompletedRecord> records);

  /**
   * Receives a change of a call's kind seen after its record was made (a re-INVITE that switched an
   * answered call to T.38). The adapter journals and retries it like a record, so it may arrive
   * more than once, and before or after the {@link #callCompleted} of the same Call-ID: the
   * application applies it once, whichever comes first.
   */
  void callKindChanged(CallKindChange change);

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
