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
import java.time.Instant;
import jp.callmail.domain.model.line.ServiceLine;

/**
 * A {@link CallKindChange} that arrived before its call's record: kept, keyed like the call log by
 * line and {@link CallIdHash} (one row per call, whatever the number of deliveries), until the
 * record comes and takes it.
 */
@Entity
@Table(name = "call_kind_change")
@NamedQuery(
    name = PendingCallKind.FOR_CALL,
    query = "SELECT p FROM PendingCallKind p WHERE p.line = :line AND p.callIdHash = :hash")
@NamedQuery(
    name = PendingCallKind.FOR_CALLS,
    query = "SELECT p FROM PendingCallKind p WHERE p.callIdHash IN :hashes")
@NamedQuery(
    name = PendingCallKind.LOGGED,
    query =
        "SELECT p FROM PendingCallKind p WHERE EXISTS (SELECT c FROM CallLogEntry c"
            + " WHERE c.line = p.line AND c.callIdHash = p.callIdHash) ORDER BY p.id")
public class PendingCallKind {

  /**
   * Pending changes whose call has been logged meanwhile (a record and its change that crossed).
   */
  public static final String LOGGED = "PendingCallKind.logged";

  /** The pending change of a call to a line, if any. */
  public static final String FOR_CALL = "PendingCallKind.forCall";

  /** The kept changes of a batch of calls, by their {@link CallIdHash}es (any line). */
  public static final String FOR_CALLS = "PendingCallKind.forCalls";

  @Id
  @SequenceGenerator(
      name = "call_kind_change_seq",
      sequenceName = "call_kind_change_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "call_kind_change_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Column(name = "call_id_hash", nullable = false, length = CallIdHash.LENGTH)
  private String callIdHash;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false)
  private CallKind kind;

  @Column(name = "changed_at", nullable = false)
  private Instant changedAt;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  protected PendingCallKind() {}

  public PendingCallKind(ServiceLine line, CallKindChange change, Instant now) {
    this.line = line;
    this.callIdHash = CallIdHash.of(change.callId());
    this.kind = change.kind();
    this.changedAt = change.changedAt();
    this.receivedAt = now;
  }

  /** The same call's change delivered again (or a later one): the kinds add up. */
  public void merge(CallKindChange change) {
    kind = kind.and(change.kind());
    if (change.changedAt().isAfter(changedAt)) {
      changedAt = change.changedAt();
    }
  }

  public ServiceLine getLine() {
    return line;
  }

  public CallKind getKind() {
    return kind;
  }

  public String getCallIdHash() {
    return callIdHash;
  }

  public Instant getChangedAt() {
    return changedAt;
  }
}
