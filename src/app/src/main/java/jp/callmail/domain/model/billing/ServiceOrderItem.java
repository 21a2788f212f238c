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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;

/** One number and option of an order: one per-number work fee. */
@Entity
@Table(name = "service_order_item")
public class ServiceOrderItem {

  @Id
  @SequenceGenerator(
      name = "service_order_item_seq",
      sequenceName = "service_order_item_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "service_order_item_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "order_id")
  private ServiceOrder serviceOrder;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Enumerated(EnumType.STRING)
  @Column(name = "service_option", nullable = false)
  private ServiceOption serviceOption;

  protected ServiceOrderItem() {}

  ServiceOrderItem(ServiceOrder order, ServiceLine line, ServiceOption option) {
    this.serviceOrder = order;
    this.line = line;
    this.serviceOption = option;
  }

  public ServiceLine getLine() {
    return line;
  }

  public ServiceOption getOption() {
    return serviceOption;
  }
}
