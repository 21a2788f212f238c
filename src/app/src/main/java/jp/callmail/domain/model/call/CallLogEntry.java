package jp.callmail.domain.model.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import jp.callmail.domain.model.line.ServiceLine;

/**
 * One completed call to a service line (SPEC §3), with what was decided about mail.
 *
 * <p>Every completed call must be recordable, whatever the network sent: the Call-ID is kept whole
 * (up to {@value #MAX_CALL_ID} characters, more than a UDP datagram can carry) and found by its
 * {@link CallIdHash}; the caller goes through {@link CallerId}, which turns a number that cannot be
 * kept into 表示圏外; the called number is the line's own.
 */
@Entity
@Table(name = "call_log")
@NamedQuery(
    name = CallLogEntry.BY_CALL_ID_HASH,
    query = "SELECT c FROM CallLogEntry c WHERE c.callIdHash = :hash")
@NamedQuery(
    name = CallLogEntry.LOGGED_OF,
    query = "SELECT c.line.id, c.callIdHash FROM CallLogEntry c WHERE c.callIdHash IN :hashes")
@NamedQuery(
    name = CallLogEntry.RECENT_FOR_LINE,
    query =
        "SELECT c FROM CallLogEntry c WHERE c.line.phoneNumber = :number ORDER BY c.callTime DESC, c.id DESC")
@NamedQuery(
    name = CallLogEntry.COUNT_FOR_LINE,
    query = "SELECT COUNT(c) FROM CallLogEntry c WHERE c.line.phoneNumber = :number")
public class CallLogEntry {

  /** The entries (one per line at most) of a Call-ID, by {@link CallIdHash#of}. */
  public static final String BY_CALL_ID_HASH = "CallLogEntry.byCallIdHash";

  /**
   * Line id and Call-ID hash of the entries among a batch's {@link CallIdHash}es: a batch's
   * duplicates in one query.
   */
  public static final String LOGGED_OF = "CallLogEntry.loggedOf";

  /** The call_id column's size; a longer Call-ID is cut there (its hash is of the whole). */
  public static final int MAX_CALL_ID = 65536;

  public static final String COUNT_FOR_LINE = "CallLogEntry.countForLine";
  public static final String RECENT_FOR_LINE = "CallLogEntry.recentForLine";

  /** 着信日時 as mails and screens show it. */
  public static final DateTimeFormatter CALL_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  @Id
  @SequenceGenerator(name = "call_log_seq", sequenceName = "call_log_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "call_log_seq")
  private Long id;

  @Column(name = "call_id", nullable = false, length = MAX_CALL_ID)
  private String callId;

  @Column(name = "call_id_hash", nullable = false, length = CallIdHash.LENGTH)
  private String callIdHash;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Column(name = "called_number", nullable = false)
  private String calledNumber;

  @Column(name = "call_time", nullable = false)
  private Instant callTime;

  @Column(name = "caller_number", nullable = false)
  private String callerNumber;

  @Enumerated(EnumType.STRING)
  @Column(name = "withheld_reason", nullable = false)
  private WithheldReason withheldReason;

  @Column(name = "ringing_seconds", nullable = false)
  private int ringingSeconds;

  @Enumerated(EnumType.STRING)
  @Column(name = "outcome", nullable = false)
  private CallOutcome outcome;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false)
  private CallKind kind = CallKind.VOICE;

  @Column(name = "mail_decision")
  private String mailDecision;

  /**
   * Why (or whether) the call made FAXお知らせメール; null until it is a fax call on a line with the
   * option.
   */
  @Column(name = "fax_mail_decision")
  private String faxMailDecision;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  /** A later change (a kind change) never overwrites another made at the same time. */
  @Version private long version;

  protected CallLogEntry() {}

  public CallLogEntry(ServiceLine line, CompletedCall record) {
    this(line, line.getPhoneNumber(), record);
  }

  /**
   * A call to a line known by a reference ({@code EntityManager.getReference}) and its number, so
   * that recording the call reads nothing of the line.
   */
  public CallLogEntry(ServiceLine line, String lineNumber, CompletedCall record) {
    this.line = line;
    CallerId caller = CallerId.of(record.callerNumber(), record.withheldReason());
    this.callId =
        record.callId().length() <= MAX_CALL_ID
            ? record.callId()
            : record.callId().substring(0, MAX_CALL_ID);
    this.callIdHash = CallIdHash.of(record.callId());
    this.calledNumber = lineNumber;
    this.callTime = record.callTime();
    this.callerNumber = caller.number();
    this.withheldReason = caller.withheldReason();
    this.ringingSeconds = (int) Math.min(Integer.MAX_VALUE, record.ringingSeconds());
    this.outcome = record.outcome();
    this.kind = record.kind();
    this.recordedAt = Instant.now();
  }

  /** Notes why (or whether) this call makes mail; shown to operators and subscribers. */
  public void decideMail(String decision) {
    this.mailDecision = decision;
  }

  /** Notes why (or whether) this fax call makes FAXお知らせメール. */
  public void decideFaxMail(String decision) {
    this.faxMailDecision = decision;
  }

  /**
   * Applies a kind seen after the record (a re-INVITE to T.38): a call never turns back from fax.
   *
   * @return whether the kind changed (false for a change already applied)
   */
  public boolean changeKind(CallKind newKind) {
    CallKind next = kind.and(newKind);
    if (next == kind) {
      return false;
    }
    kind = next;
    return true;
  }

  /** 着信日時 in the line's time zone, {@code yyyy/MM/dd HH:mm:ss}. */
  public String localCallTime() {
    return CALL_TIME_FORMAT.format(callTime.atZone(line.getTimeZone()));
  }

  public Long getId() {
    return id;
  }

  public String getCallId() {
    return callId;
  }

  public ServiceLine getLine() {
    return line;
  }

  public String getCallIdHash() {
    return callIdHash;
  }

  /** 発信者通知番号 and 非通知理由 as recorded. */
  public CallerId caller() {
    return new CallerId(callerNumber, withheldReason);
  }

  /**
   * The record as the call log keeps it, for the rules: the caller as recorded, so that a number
   * turned into 表示圏外 never matches a designated caller.
   */
  public CompletedCall asRecorded() {
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

  public int getRingingSeconds() {
    return ringingSeconds;
  }

  public CallOutcome getOutcome() {
    return outcome;
  }

  /** Voice or fax, as far as the proxy has told. */
  public CallKind getKind() {
    return kind;
  }

  public String getMailDecision() {
    return mailDecision;
  }

  public String getFaxMailDecision() {
    return faxMailDecision;
  }
}
