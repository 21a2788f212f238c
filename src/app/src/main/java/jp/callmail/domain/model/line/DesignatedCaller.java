package jp.callmail.domain.model.line;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One 発信電話番号指定 entry: a caller number whose calls are notified when the filter is on. */
@Entity
@Table(name = "designated_caller")
public class DesignatedCaller {

  @Id
  @SequenceGenerator(
      name = "designated_caller_seq",
      sequenceName = "designated_caller_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "designated_caller_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Column(nullable = false)
  private int position;

  @Column(name = "phone_number", nullable = false)
  private String number;

  @Column(nullable = false)
  private boolean enabled;

  protected DesignatedCaller() {}

  DesignatedCaller(ServiceLine line, int position, DesignatedCallerSpec spec) {
    this.line = line;
    this.position = position;
    this.number = spec.number();
    this.enabled = spec.enabled();
  }

  void update(DesignatedCallerSpec spec) {
    this.number = spec.number();
    this.enabled = spec.enabled();
  }

  public int getPosition() {
    return position;
  }

  public String getNumber() {
    return number;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public DesignatedCallerSpec toSpec() {
    return new DesignatedCallerSpec(number, enabled);
  }
}
