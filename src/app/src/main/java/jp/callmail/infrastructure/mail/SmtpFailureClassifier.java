package jp.callmail.infrastructure.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a temporary failure to send a mail from a permanent one, from the exception that {@code
 * Transport.send} or {@code sendMessage} threw (SPEC §5: connection failures and 4xx are retried,
 * 5xx are recorded and shown).
 *
 * <p>Jakarta Mail reports SMTP replies through the implementation's exception types (Angus Mail's
 * {@code SMTPSendFailedException}, {@code SMTPAddressFailedException} and {@code
 * SMTPSenderFailedException}), often as the next exception of a plain {@code SendFailedException}.
 * Their reply code is read reflectively through their public {@code getReturnCode()} method, and
 * otherwise from the leading three digits of the message, so that this class needs only the Jakarta
 * Mail API at compile time: the implementation is the application server's.
 *
 * <p>The whole chain of causes and next exceptions is examined. Any sign that the relay was not
 * reached or the session broke (an {@link IOException} such as {@code ConnectException}, {@code
 * SocketTimeoutException} or {@code UnknownHostException}), any 4xx reply, and a failed login to
 * the relay make the failure temporary, since a retry may succeed; a temporary cause wins over a
 * permanent one because wrongly giving up loses a mail, while wrongly retrying costs only a few
 * attempts until the give-up age. Only a 5xx reply with no temporary sign is permanent. Anything
 * unrecognised is temporary. A failed login counts as temporary even with a 5xx code ({@code 535})
 * because it concerns the relay's configuration, not the mail: every mail would otherwise be given
 * up while an operator fixes the credentials. For the same reason a refused greeting (Angus Mail's
 * "Got bad greeting from SMTP host: …, response: 554 …", whose message does not begin with the
 * code) is temporary.
 */
public final class SmtpFailureClassifier {

  /** Guards against a cycle or an absurdly long chain of next exceptions. */
  private static final int MAX_CHAIN_LENGTH = 32;

  /** A reply code at the start of a reply: {@code "550 5.1.1 …"} or {@code "550-…"}. */
  private static final Pattern LEADING_REPLY_CODE =
      Pattern.compile("^\\s*([2-5][0-9]{2})(?:[ -]|$)");

  /**
   * The public {@code int getReturnCode()} of an implementation's exception class, if it has one.
   */
  private static final ClassValue<Optional<Method>> RETURN_CODE_METHOD =
      new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
          try {
            Method method = type.getMethod("getReturnCode");
            return method.getReturnType() == int.class ? Optional.of(method) : Optional.empty();
          } catch (NoSuchMethodException notAnSmtpReply) {
            return Optional.empty();
          }
        }
      };

  private SmtpFailureClassifier() {}

  /**
   * Classifies a failure to send one mail.
   *
   * @param failure what {@code Transport.send} or {@code sendMessage} threw
   * @return a {@link DeliveryOutcome.TemporaryFailure} or a {@link
   *     DeliveryOutcome.PermanentFailure} with the relay's reply text, or a description of the
   *     failure when there was no reply
   */
  public static DeliveryOutcome classify(Exception failure) {
    Objects.requireNonNull(failure, "failure");
    String temporaryReason = null;
    String permanentReply = null;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable link = failure;
    while (link != null && seen.size() < MAX_CHAIN_LENGTH && seen.add(link)) {
      int code = replyCode(link);
      if (temporaryReason == null) {
        if (link instanceof IOException) {
          temporaryReason = describe(failure, link);
        } else if (link instanceof AuthenticationFailedException || (code >= 400 && code < 500)) {
          String reply = replyText(link, code);
          temporaryReason = reply.isEmpty() ? describe(failure, link) : reply;
        }
      }
      if (permanentReply == null && code >= 500 && code < 600) {
        permanentReply = replyText(link, code);
      }
      link = next(link);
    }
    if (temporaryReason != null) {
      return DeliveryOutcome.temporaryFailure(temporaryReason);
    }
    if (permanentReply != null) {
      return DeliveryOutcome.permanentFailure(permanentReply);
    }
    return DeliveryOutcome.temporaryFailure(describe(failure, failure));
  }

  /** The SMTP reply code carried by one exception, or -1 if it carries none. */
  static int replyCode(Throwable link) {
    Optional<Method> getReturnCode = RETURN_CODE_METHOD.get(link.getClass());
    if (getReturnCode.isPresent()) {
      try {
        int code = (Integer) getReturnCode.get().invoke(link);
        if (code >= 200 && code < 600) {
          return code;
        }
        // Angus reports -1 when the relay closed the connection; the message may still say more.
      } catch (ReflectiveOperationException | RuntimeException unreadable) {
        // The method exists but cannot be called here (say, a class the module system hides):
        // fall back on the message, which for SMTP replies begins with the same code.
      }
    }
    String message = link.getMessage();
    if (message != null) {
      Matcher matcher = LEADING_REPLY_CODE.matcher(message);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    return -1;
  }

  /** Jakarta Mail chains per-address failures as next exceptions; others use the cause. */
  private static Throwable next(Throwable link) {
    if (link instanceof MessagingException messaging && messaging.getNextException() != null) {
      return messaging.getNextException();
    }
    return link.getCause();
  }

  /** The relay's reply, which Angus Mail keeps as the message; the code is added if missing. */
  private static String replyText(Throwable link, int code) {
    String message = Objects.requireNonNullElse(link.getMessage(), "").strip();
    if (code > 0 && !message.startsWith(Integer.toString(code))) {
      return (code + " " + message).strip();
    }
    return message;
  }

  /**
   * A failure without a reply: the top message, and the innermost cause if different, such as
   * {@code "Couldn't connect to host, port: relay, 25; timeout -1 (java.net.ConnectException:
   * Connection refused)"}. Built from messages, not {@code toString()}, which on a {@link
   * MessagingException} walks the whole chain of next exceptions.
   */
  private static String describe(Throwable failure, Throwable cause) {
    String top = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    if (failure == cause) {
      return top;
    }
    Throwable root = rootOf(cause);
    return top
        + " ("
        + root.getClass().getName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage())
        + ")";
  }

  /** The innermost cause, which names what actually went wrong (e.g. "Connection refused"). */
  private static Throwable rootOf(Throwable cause) {
    Throwable root = cause;
    for (int depth = 0; root.getCause() != null && depth < MAX_CHAIN_LENGTH; depth++) {
      root = root.getCause();
    }
    return root;
  }
}
