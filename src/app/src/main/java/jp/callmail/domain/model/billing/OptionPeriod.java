package jp.callmail.domain.model.billing;

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
import java.util.Objects;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * A time during which a line had an option, recorded as it happens rather than derived later from
 * the line's current flags, so that a month's charges can be computed again at any time.
 */
@Entity
@Table(name = "option_period")
@NamedQuery(
    name = OptionPeriod.OPEN_FOR_LINE,
    query = "SELECT p FROM OptionPeriod p WHERE p.line = :line AND p.endedAt IS NULL")
public class OptionPeriod {

  public static final String OPEN_FOR_LINE = "OptionPeriod.openForLine";

  @Id
  @SequenceGenerator(
      name = "option_period_seq",
      sequenceName = "option_period_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "option_period_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Enumerated(EnumType.STRING)
  @Column(name = "service_option", nullable = false)
  private ServiceOption serviceOption;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  protected OptionPeriod() {}

  public OptionPeriod(ServiceLine line, ServiceOption option, Instant startedAt) {
    this.line = Objects.requireNonNull(line);
    this.serviceOption = Objects.requireNonNull(option);
    this.startedAt = Objects.requireNonNull(startedAt);
  }

  /** Ends the period; an ended period stays as it was. */
  public void end(Instant when) {
    if (endedAt == null) {
      endedAt = when.isBefore(startedAt) ? startedAt : when;
    }
  }

  public ServiceOption getOption() {
    return serviceOption;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }
}
