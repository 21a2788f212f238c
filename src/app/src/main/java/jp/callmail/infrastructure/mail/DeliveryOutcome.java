package jp.callmail.infrastructure.mail;

import java.util.Objects;

/**
 * What happened when a mail was handed to the SMTP relay, with the relay's reply text kept so that
 * an operator can see why a mail failed (SPEC §5, §8) without reading the server log.
 *
 * <p>A sealed type rather than a bare enum because every outcome carries its reply; {@link
 * #status()} gives the enum for {@code switch} statements and for storing in the database.
 */
public sealed interface DeliveryOutcome
    permits DeliveryOutcome.Sent,
        DeliveryOutcome.TemporaryFailure,
        DeliveryOutcome.PermanentFailure {

  /** The kind of outcome. */
  enum Status {
    /** The relay accepted the mail. */
    SENT,
    /** The relay could not be reached, or replied 4xx: try again later. */
    TEMPORARY_FAILURE,
    /** The relay replied 5xx: trying again would fail the same way. */
    PERMANENT_FAILURE
  }

  Status status();

  /**
   * The relay's reply on one line, such as {@code 550 5.1.1 <x@example.com>: Recipient address
   * rejected}, or a description of the connection failure; empty if there was none.
   */
  String reply();

  /** Whether the mail is to be tried again. */
  default boolean retryable() {
    return status() == Status.TEMPORARY_FAILURE;
  }

  static DeliveryOutcome sent(String reply) {
    return new Sent(reply);
  }

  static DeliveryOutcome temporaryFailure(String reply) {
    return new TemporaryFailure(reply);
  }

  static DeliveryOutcome permanentFailure(String reply) {
    return new PermanentFailure(reply);
  }

  /**
   * A reply as one trimmed line: multi-line SMTP replies are joined with spaces, {@code null} is
   * empty.
   */
  private static String oneLine(String reply) {
    return Objects.requireNonNullElse(reply, "").strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** The relay accepted the mail. */
  record Sent(String reply) implements DeliveryOutcome {
    public Sent {
      reply = oneLine(reply);
    }

    @Override
    public Status status() {
      return Status.SENT;
    }
  }

  /** The relay could not be reached, or replied 4xx. */
  record TemporaryFailure(String reply) implements DeliveryOutcome {
    public TemporaryFailure {
      reply = oneLine(reply);
    }

    @Override
    public Status status() {
      return Status.TEMPORARY_FAILURE;
    }
  }

  /** The relay replied 5xx. */
  record PermanentFailure(String reply) implements DeliveryOutcome {
    public PermanentFailure {
      reply = oneLine(reply);
    }

    @Override
    public Status status() {
      return Status.PERMANENT_FAILURE;
    }
  }
}
