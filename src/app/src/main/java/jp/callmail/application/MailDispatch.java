package jp.callmail.application;

import java.util.List;

/**
 * Port: hands outbox rows to the mail server now and returns once their outcomes are recorded, so
 * that a test mail can show what the server said. Implemented by {@code
 * infrastructure.mail.MailDispatcher}; an interface so that the application does not depend on
 * SMTP, the outbox's transactions or the mail session.
 */
public interface MailDispatch {

  /** Sends the given outbox rows, if they are still due and nobody else has claimed them. */
  void dispatch(List<Long> outboxIds);
}
