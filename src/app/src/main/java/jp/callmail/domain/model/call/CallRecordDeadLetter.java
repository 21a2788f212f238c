package jp.callmail.domain.model.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import jp.callmail.domain.model.Conflict;

/**
 * A completed-call record that the application refused to record (SPEC §3: no call record is lost),
 * kept with every field of the record so that it can be recorded again once the cause is removed,
 * and the reason it was refused. Open until recorded; then kept, resolved, as history.
 *
 * <p>It must always be writable, being the record's last place: text that exceeds a column is cut
 * ({@link #clip}); a cut caller or called number still reads as what it was (no caller id, no
 * line).
 */
@Entity
@Table(name = "call_record_dead_letter")
@NamedQuery(
    name = CallRecordDeadLetter.OPEN,
    query =
        "SELECT d FROM CallRecordDeadLetter d WHERE d.resolvedAt IS NULL ORDER BY d.receivedAt, d.id")
@NamedQuery(
    name = CallRecordDeadLetter.COUNT_OPEN,
    query = "SELECT COUNT(d) FROM CallRecordDeadLetter d WHERE d.resolvedAt IS NULL")
@NamedQuery(
    name = CallRecordDeadLetter.OPEN_FOR_CALL,
    query =
        "SELECT d FROM CallRecordDeadLetter d WHERE d.resolvedAt IS NULL AND d.callIdHash = :hash"
            + " AND d.calledNumber = :calledNumber")
public class CallRecordDeadLetter {

  /** Unresolved dead letters, oldest first. */
  public static final String OPEN = "CallRecordDeadLetter.open";

  public static final String COUNT_OPEN = "CallRecordDeadLetter.countOpen";

  /** The unresolved dead letter of a call, if the same record was refused before. */
  public static final String OPEN_FOR_CALL = "CallRecordDeadLetter.openForCall";

  static final int MAX_NUMBER = 255;
  static final int MAX_REASON = 2000;
  static final int MAX_RESOLUTION = 300;

  @Id
  @SequenceGenerator(
      name = "call_record_dead_letter_seq",
      sequenceName = "call_record_dead_letter_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "call_record_dead_letter_seq")
  private Long id;

  @Column(name = "call_id", nullable = false, length = CallLogEntry.MAX_CALL_ID)
  private String callId;

  @Column(name = "call_id_hash", nullable = false, length = CallIdHash.LENGTH)
  private String callIdHash;

  @Column(name = "called_number", nullable = false, length = MAX_NUMBER)
  private String calledNumber;

  @Column(name = "call_time", nullable = false)
  private Instant callTime;

  @Column(name = "caller_number", nullable = false, length = MAX_NUMBER)
  private String callerNumber;

  @Enumerated(EnumType.STRING)
  @Column(name = "withheld_reason", nullable = false)
  private WithheldReason withheldReason;

  @Column(name = "ringing_seconds", nullable = false)
  private long ringingSeconds;

  @Enumerated(EnumType.STRING)
  @Column(name = "outcome", nullable = false)
  private CallOutcome outcome;

  @Column(name = "reason", nullable = false, length = MAX_REASON)
  private String reason;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  @Column(name = "last_attempt_at", nullable = false)
  private Instant lastAttemptAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false)
  private CallKind kind = CallKind.VOICE;

  @Column(name = "resolved_at")
  private Instant resolvedAt;

  @Column(name = "resolution", length = MAX_RESOLUTION)
  private String resolution;

  @Version private long version;

  protected CallRecordDeadLetter() {}

  /** A record refused for {@code reason} at {@code now}: its first attempt. */
  public CallRecordDeadLetter(CompletedCall record, String reason, Instant now) {
    this.callId = clip(record.callId(), CallLogEntry.MAX_CALL_ID);
    this.callIdHash = CallIdHash.of(record.callId());
    this.calledNumber = clip(record.calledNumber(), MAX_NUMBER);
    this.callTime = record.callTime();
    this.callerNumber = clip(record.callerNumber(), MAX_NUMBER);
    this.withheldReason = record.withheldReason();
    this.ringingSeconds = record.ringingSeconds();
    this.outcome = record.outcome();
    this.kind = record.kind();
    this.reason = clip(reason, MAX_REASON);
    this.attempts = 1;
    this.receivedAt = now;
    this.lastAttemptAt = now;
  }

  /**
   * Refused once more (delivered again, or an operator's retry failed): the newest reason counts.
   */
  public void refusedAgain(String reason, Instant now) {
    requireOpen();
    this.reason = clip(reason, MAX_REASON);
    this.attempts++;
    this.lastAttemptAt = now;
  }

  /** The record has been taken; {@code resolution} says how (and by whom). */
  public void resolve(String resolution, Instant now) {
    requireOpen();
    this.attempts++;
    this.lastAttemptAt = now;
    this.resolvedAt = now;
    this.resolution = clip(resolution, MAX_RESOLUTION);
  }

  /** The call as the SIP connector delivered it (text cut to the columns), to record it again. */
  public CompletedCall record() {
    return new CompletedCall(
        callId,
        calledNumber,
        callTime,
        callerNumber,
        withheldReason,
        ringingSeconds,
        outcome,
        kind);
  }

  public boolean isResolved() {
    return resolvedAt != null;
  }

  private void requireOpen() {
    if (isResolved()) {
      throw new Conflict(
          "id",
          "dead-letter-resolved",
          "Dead letter " + id + " was already resolved at " + resolvedAt + " (" + resolution + ")");
    }
  }

  static String clip(String text, int max) {
    String value = text == null ? "" : text;
    return value.length() <= max ? value : value.substring(0, max);
  }

  public Long getId() {
    return id;
  }

  public String getCallId() {
    return callId;
  }

  public String getCallIdHash() {
    return callIdHash;
  }

  public String getCalledNumber() {
    return calledNumber;
  }

  public Instant getCallTime() {
    return callTime;
  }

  public String getCallerNumber() {
    return callerNumber;
  }

  public WithheldReason getWithheldReason() {
    return withheldReason;
  }

  public long getRingingSeconds() {
    return ringingSeconds;
  }

  /** The call's kind as its record said. */
  public CallKind getKind() {
    return kind;
  }

  public CallOutcome getOutcome() {
    return outcome;
  }

  public String getReason() {
    return reason;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getReceivedAt() {
    return receivedAt;
  }

  public Instant getLastAttemptAt() {
    return lastAttemptAt;
  }

  public Instant getResolvedAt() {
    return resolvedAt;
  }

  public String getResolution() {
    return resolution;
  }
}
