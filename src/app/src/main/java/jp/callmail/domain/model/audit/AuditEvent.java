package jp.callmail.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log. Written in the transaction of the change it describes, so the log
 * never claims a change that was rolled back. Never holds a password.
 */
@Entity
@Table(name = "audit_event")
@NamedQuery(
    name = AuditEvent.BY_TARGET,
    query =
        "SELECT e FROM AuditEvent e WHERE e.target = :target ORDER BY e.occurredAt DESC, e.id DESC")
@NamedQuery(
    name = AuditEvent.COUNT_BY_TARGET,
    query = "SELECT COUNT(e) FROM AuditEvent e WHERE e.target = :target")
@NamedQuery(
    name = AuditEvent.RECENT,
    query = "SELECT e FROM AuditEvent e ORDER BY e.occurredAt DESC, e.id DESC")
@NamedQuery(name = AuditEvent.COUNT_ALL, query = "SELECT COUNT(e) FROM AuditEvent e")
public class AuditEvent {

  /** Every entry, newest first: the console's "recent activity". */
  public static final String RECENT = "AuditEvent.recent";

  public static final String COUNT_ALL = "AuditEvent.countAll";

  public static final String BY_TARGET = "AuditEvent.byTarget";
  public static final String COUNT_BY_TARGET = "AuditEvent.countByTarget";
  private static final int MAX_DETAIL = 2000;

  @Id
  @SequenceGenerator(
      name = "audit_event_seq",
      sequenceName = "audit_event_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
  private Long id;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(nullable = false, length = 100)
  private String actor;

  @Column(nullable = false, length = 60)
  private String action;

  @Column(nullable = false, length = 60)
  private String target;

  @Column(length = MAX_DETAIL)
  private String detail;

  protected AuditEvent() {}

  /**
   * @param actor who: an operator's user name, {@code ivr:<caller number>}, {@code
   *     subscriber:<line>}
   * @param action what, e.g. {@code temporary-password.set}
   * @param target the line number or contract code acted on
   * @param detail before/after or other facts, no secrets
   */
  public AuditEvent(Instant occurredAt, String actor, String action, String target, String detail) {
    this.occurredAt = Objects.requireNonNull(occurredAt);
    this.actor = truncate(Objects.requireNonNull(actor), 100);
    this.action = truncate(Objects.requireNonNull(action), 60);
    this.target = truncate(Objects.requireNonNull(target), 60);
    this.detail = detail == null ? null : truncate(detail, MAX_DETAIL);
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }

  public Long getId() {
    return id;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public String getActor() {
    return actor;
  }

  public String getAction() {
    return action;
  }

  public String getTarget() {
    return target;
  }

  public String getDetail() {
    return detail;
  }
}
