package jp.callmail.domain.model.billing;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * An order (工事) that added options to numbers of one contract. Its work fees (基本工事費 once, and
 * 交換機等工事費 per number and option) are billed in the month it was placed, unless the options were
 * ordered together with the phone service itself.
 */
@Entity
@Table(name = "service_order")
public class ServiceOrder {

  @Id
  @SequenceGenerator(
      name = "service_order_seq",
      sequenceName = "service_order_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "service_order_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "contract_id")
  private Contract contract;

  @Column(name = "ordered_at", nullable = false)
  private Instant orderedAt;

  @Column(name = "with_phone_service", nullable = false)
  private boolean withPhoneService;

  @Column(name = "ordered_by", nullable = false, length = 100)
  private String orderedBy;

  @OneToMany(mappedBy = "serviceOrder", cascade = CascadeType.PERSIST)
  private List<ServiceOrderItem> items = new ArrayList<>();

  protected ServiceOrder() {}

  public ServiceOrder(
      Contract contract, Instant orderedAt, boolean withPhoneService, String orderedBy) {
    this.contract = Objects.requireNonNull(contract);
    this.orderedAt = Objects.requireNonNull(orderedAt);
    this.withPhoneService = withPhoneService;
    this.orderedBy = orderedBy.length() <= 100 ? orderedBy : orderedBy.substring(0, 100);
  }

  public void add(ServiceLine line, ServiceOption option) {
    items.add(new ServiceOrderItem(this, line, option));
  }

  public Long getId() {
    return id;
  }

  public boolean isWithPhoneService() {
    return withPhoneService;
  }

  public List<ServiceOrderItem> getItems() {
    return Collections.unmodifiableList(items);
  }
}
