/**
 * Application services (facades with DTOs for the interfaces), the events that connect the SIP side
 * to the rest of callmail, and the ports ({@link jp.callmail.application.MailDispatch}, {@link
 * jp.callmail.application.ActivityCounters}, ...) that infrastructure implements, so that nothing
 * here depends on infrastructure.
 */
package jp.callmail.application;
