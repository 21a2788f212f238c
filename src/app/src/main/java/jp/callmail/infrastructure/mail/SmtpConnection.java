package jp.callmail.infrastructure.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP connection to the relay, opened when the first mail needs it and kept for the next ones:
 * under load, connect, EHLO and QUIT cost more than the mail. A connection that failed in any way
 * is closed at once, so the next mail starts on a fresh session rather than on one in an unknown
 * state. Not thread-safe: one sender owns it.
 */
final class SmtpConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SmtpConnection.class.getName());

  /** The transport's public {@code getLastServerResponse()}, looked up once per class. */
  private static final ClassValue<Optional<Method>> LAST_SERVER_RESPONSE =
      new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
          try {
            return Optional.of(type.getMethod("getLastServerResponse"));
          } catch (NoSuchMethodException e) {
            return Optional.empty();
          }
        }
      };

  private final Session session;
  private Transport transport;

  SmtpConnection(Session session) {
    this.session = session;
  }

  /**
   * Makes the connection ready for a batch: connects, or checks with a NOOP that the kept
   * connection still works (the relay may have dropped it while it was idle) and reconnects if not.
   *
   * @throws MessagingException when the relay cannot be reached or refuses the session
   */
  void open() throws MessagingException {
    if (transport != null && transport.isConnected()) {
      return;
    }
    close();
    Transport fresh = session.getTransport();
    fresh.connect();
    transport = fresh;
  }

  /** Whether a connection is open (as far as is known without asking the relay). */
  boolean isOpen() {
    return transport != null;
  }

  /**
   * Sends one message over the open connection and returns the relay's reply; on failure the
   * connection is closed and the exception, with the relay's reply in it, thrown.
   */
  String send(MimeMessage message) throws MessagingException {
    if (transport == null) {
      open();
    }
    try {
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException | RuntimeException e) {
      close();
      throw e;
    }
    return lastServerResponse();
  }

  /** Ends the session (QUIT) if one is open; never throws. */
  @Override
  public void close() {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      LOG.log(Level.FINE, "SMTP connection did not close cleanly", e);
    } finally {
      transport = null;
    }
  }

  /** The relay's reply to the message, where the implementation tells it (Angus Mail does). */
  private String lastServerResponse() {
    Optional<Method> method = LAST_SERVER_RESPONSE.get(transport.getClass());
    if (method.isEmpty()) {
      return "accepted";
    }
    try {
      Object reply = method.get().invoke(transport);
      return reply == null ? "" : reply.toString().strip();
    } catch (ReflectiveOperationException e) {
      return "accepted";
    }
  }
}
