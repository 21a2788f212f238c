package jp.callmail.infrastructure.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Composes a batch of claimed mails and hands them to the relay over one {@link SmtpConnection},
 * telling what happened to each. Touches no database: the caller records the outcomes, all in one
 * transaction. When the relay cannot be reached, every mail not yet sent gets that temporary
 * failure; a refused mail gets the relay's reply, and the next mail goes on a new connection.
 *
 * <p>The outcomes can be handed over while the batch is still going ({@link #send(SmtpConnection,
 * List, Lease, Duration, Consumer)}): a mail the relay accepted but whose outcome is not recorded
 * yet is sent again by another instance should this one die, so the recording follows the sending
 * closely.
 *
 * <p>Right before each mail is handed over, the {@link Lease} is asked whether the sender still
 * holds the batch (renewing it when it runs short); once it does not, the batch ends there: the
 * mails not yet sent get no attempt, as another sender may be sending them.
 */
final class BatchSender {

  /** The claim's hold on the batch's rows. */
  interface Lease {

    /** A hold that never ends: for a batch that no other sender can claim. */
    Lease HELD = () -> true;

    /**
     * Whether the rows not yet sent are still this sender's to send, renewing the lease first when
     * it is running short. Once false, always false.
     */
    boolean hold();
  }

  private static final Logger LOG = Logger.getLogger(BatchSender.class.getName());

  private final Session session;
  private final NotificationMailComposer composer;

  BatchSender(Session session, MailSettings settings) {
    this.session = session;
    this.composer = new NotificationMailComposer(settings);
  }

  /** One attempt per mail, in the batch's order. */
  List<MailAttempt> send(SmtpConnection connection, List<PreparedMail> batch) {
    return send(connection, batch, Lease.HELD, null, attempts -> {});
  }

  /**
   * One attempt per mail, in the batch's order, up to the first mail whose lease is no longer held;
   * that and the rest get none.
   */
  List<MailAttempt> send(SmtpConnection connection, List<PreparedMail> batch, Lease lease) {
    return send(connection, batch, lease, null, attempts -> {});
  }

  /**
   * One attempt per mail, in the batch's order, up to the first mail whose lease is no longer held
   * (that and the rest get none); {@code recorder} gets them as they come, in order, each once: as
   * soon as {@code recordEvery} has passed since it last got some ({@link Duration#ZERO}: after
   * every mail; null: only at the end), and the rest at the end.
   */
  List<MailAttempt> send(
      SmtpConnection connection,
      List<PreparedMail> batch,
      Lease lease,
      Duration recordEvery,
      Consumer<List<MailAttempt>> recorder) {
    Outcomes attempts = new Outcomes(batch.size(), recorder);
    try {
      sendAll(connection, batch, lease, attempts, recordEvery);
    } finally {
      attempts.handOver();
    }
    return attempts;
  }

  /** The batch's attempts so far, and how many of them the recorder has had. */
  private static final class Outcomes extends ArrayList<MailAttempt> {
    private final transient Consumer<List<MailAttempt>> recorder;
    private int handed;
    private long lastHandOver = System.nanoTime();

    Outcomes(int size, Consumer<List<MailAttempt>> recorder) {
      super(size);
      this.recorder = recorder;
    }

    void handOver() {
      if (handed < size()) {
        List<MailAttempt> outcomes = List.copyOf(subList(handed, size()));
        handed = size();
        lastHandOver = System.nanoTime();
        recorder.accept(outcomes);
      }
    }

    void handOverIfDue(Duration recordEvery) {
      if (recordEvery != null && System.nanoTime() - lastHandOver >= recordEvery.toNanos()) {
        handOver();
      }
    }
  }

  private void sendAll(
      SmtpConnection connection,
      List<PreparedMail> batch,
      Lease lease,
      Outcomes attempts,
      Duration recordEvery) {
    for (PreparedMail mail : batch) {
      if (attempts.isEmpty() || !connection.isOpen()) {
        try {
          connection
              .open(); // the first mail checks a kept connection; a later one replaces a failed one
        } catch (MessagingException e) {
          connection.close();
          if (!lease.hold()) {
            return; // the rest are another sender's now: no failure of ours to record for them
          }
          DeliveryOutcome failure = SmtpFailureClassifier.classify(e);
          int waiting = batch.size() - attempts.size();
          LOG.warning(
              () ->
                  "Mail server unavailable ("
                      + failure.reply()
                      + "); "
                      + waiting
                      + " mails wait for a retry");
          batch
              .subList(attempts.size(), batch.size())
              .forEach(rest -> attempts.add(new MailAttempt(rest.id(), failure)));
          return;
        }
      }
      if (!lease.hold()) {
        return; // checked once connected: opening may be what took so long
      }
      DeliveryOutcome outcome = sendOne(connection, mail);
      attempts.add(new MailAttempt(mail.id(), outcome));
      // A sent mail is in the outbox table and the console; only trouble belongs in the log.
      LOG.log(
          outcome.status() == DeliveryOutcome.Status.SENT ? Level.FINE : Level.INFO,
          () ->
              "mail "
                  + mail.id()
                  + " to "
                  + mail.recipient()
                  + " (line "
                  + mail.lineNumber()
                  + "): "
                  + outcome.status()
                  + " "
                  + outcome.reply());
      attempts.handOverIfDue(recordEvery);
    }
  }

  private DeliveryOutcome sendOne(SmtpConnection connection, PreparedMail mail) {
    try {
      MimeMessage message =
          switch (mail.kind()) {
            case TEST ->
                composer.composeTest(
                    session,
                    mail.option(),
                    mail.recipient(),
                    mail.form(),
                    mail.charset(),
                    mail.messageId());
            case PASSWORD_NOTICE ->
                composer.composePasswordNotice(
                    session,
                    mail.option(),
                    mail.passwordNotice(),
                    mail.recipient(),
                    mail.form(),
                    mail.charset(),
                    mail.messageId());
            case CALL ->
                composer.compose(
                    session,
                    mail.option(),
                    mail.notice(),
                    mail.lineNumber(),
                    mail.recipient(),
                    mail.form(),
                    mail.charset(),
                    mail.messageId());
          };
      return DeliveryOutcome.sent(connection.send(message));
    } catch (AddressException e) {
      return DeliveryOutcome.permanentFailure(
          "invalid address " + mail.recipient() + ": " + e.getMessage());
    } catch (MessagingException e) {
      return SmtpFailureClassifier.classify(e);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "mail " + mail.id() + " could not be composed", e);
      return DeliveryOutcome.permanentFailure("not composed: " + e.getMessage());
    }
  }
}
