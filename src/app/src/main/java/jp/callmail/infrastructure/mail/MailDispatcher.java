package jp.callmail.infrastructure.mail;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.domain.model.mail.MailKind;

/**
 * Hands claimed outbox rows to the mail server over one SMTP connection per batch, and records
 * each reply. Runs outside transactions: a slow mail server never holds a database lock.
 */
@ApplicationScoped
public class MailDispatcher {

  private static final Logger LOG = Logger.getLogger(MailDispatcher.class.getName());
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final int BATCH = 50;
  private static final int MAX_PER_RUN = 2000;

  @Resource(lookup = "mail/callmail")
  private Session session;

  @Inject private OutboxStore store;
  @Inject private MailSettings settings;
  @Inject private RetrySchedule retrySchedule;

  /** Sends the given rows now, if they are still due and nobody else has claimed them. */
  public void dispatch(List<Long> ids) {
    send(store.claim(Optional.of(ids), ids.size(), LEASE));
  }

  /** Sends everything due (retries, rows left over by a restart); returns how many were tried. */
  public int dispatchDue() {
    int total = 0;
    List<PreparedMail> batch;
    do {
      batch = store.claim(Optional.empty(), BATCH, LEASE);
      send(batch);
      total += batch.size();
    } while (batch.size() == BATCH && total < MAX_PER_RUN);
    return total;
  }

  private void send(List<PreparedMail> batch) {
    if (batch.isEmpty()) {
      return;
    }
    NotificationMailComposer composer = new NotificationMailComposer(settings);
    Transport transport;
    try {
      transport = session.getTransport();
      transport.connect();
    } catch (MessagingException e) {
      DeliveryOutcome failure = SmtpFailureClassifier.classify(e);
      LOG.warning(() -> "Mail server unavailable (" + failure.reply() + "); " + batch.size() + " mails wait for a retry");
      batch.forEach(mail -> store.record(mail.id(), failure, retrySchedule));
      return;
    }
    try {
      for (PreparedMail mail : batch) {
        DeliveryOutcome outcome = sendOne(transport, composer, mail);
        store.record(mail.id(), outcome, retrySchedule);
        // A sent mail is in the outbox table and the console; only trouble belongs in the log.
        LOG.log(outcome.status() == DeliveryOutcome.Status.SENT ? Level.FINE : Level.INFO,
            () -> "mail " + mail.id() + " to " + mail.recipient() + " (line " + mail.lineNumber() + "): "
                + outcome.status() + " " + outcome.reply());
      }
    } finally {
      try {
        transport.close();
      } catch (MessagingException e) {
        LOG.log(Level.FINE, "SMTP connection did not close cleanly", e);
      }
    }
  }

  private DeliveryOutcome sendOne(Transport transport, NotificationMailComposer composer, PreparedMail mail) {
    try {
      MimeMessage message = mail.kind() == MailKind.TEST
          ? composer.composeTest(session, mail.recipient(), mail.form(), mail.charset(), mail.messageId())
          : composer.compose(session, mail.notice(), mail.recipient(), mail.form(), mail.charset(), mail.messageId());
      if (!transport.isConnected()) {
        transport.connect();
      }
      transport.sendMessage(message, message.getAllRecipients());
      return DeliveryOutcome.sent(lastServerResponse(transport));
    } catch (AddressException e) {
      return DeliveryOutcome.permanentFailure("invalid address " + mail.recipient() + ": " + e.getMessage());
    } catch (MessagingException e) {
      return SmtpFailureClassifier.classify(e);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "mail " + mail.id() + " could not be composed", e);
      return DeliveryOutcome.permanentFailure("not composed: " + e.getMessage());
    }
  }

  /** The SMTP server's reply to the message, where the implementation tells it (Angus Mail does). */
  private static String lastServerResponse(Transport transport) {
    try {
      Object reply = transport.getClass().getMethod("getLastServerResponse").invoke(transport);
      return reply == null ? "" : reply.toString().strip();
    } catch (ReflectiveOperationException e) {
      return "accepted";
    }
  }
}
