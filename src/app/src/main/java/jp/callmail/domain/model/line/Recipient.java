package jp.callmail.domain.model.line;

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

/**
 * One 送信先メールアドレス of a line's option (着信お知らせメール or FAXお知らせメール): where that option's mails go, in
 * which form and charset. Each option has its own 5 slots.
 */
@Entity
@Table(name = "recipient")
public class Recipient {

  @Id
  @SequenceGenerator(name = "recipient_seq", sequenceName = "recipient_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "recipient_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @Enumerated(EnumType.STRING)
  @Column(name = "service_option", nullable = false)
  private ServiceOption option = ServiceOption.CALL_MAIL;

  @Column(nullable = false)
  private int position;

  @Column(nullable = false)
  private String address;

  @Column(name = "send_enabled", nullable = false)
  private boolean sendEnabled;

  @Enumerated(EnumType.STRING)
  @Column(name = "mail_form", nullable = false)
  private MailForm form;

  @Enumerated(EnumType.STRING)
  @Column(name = "charset", nullable = false)
  private MailCharset charset;

  protected Recipient() {}

  Recipient(ServiceLine line, ServiceOption option, int position, RecipientSpec spec) {
    this.line = line;
    this.option = option;
    this.position = position;
    this.address = spec.address();
    this.sendEnabled = spec.send();
    this.form = spec.form();
    this.charset = spec.charset();
  }

  void update(RecipientSpec spec) {
    this.address = spec.address();
    this.sendEnabled = spec.send();
    this.form = spec.form();
    this.charset = spec.charset();
  }

  /** The option whose mails go to this address. */
  public ServiceOption getOption() {
    return option;
  }

  public int getPosition() {
    return position;
  }

  public String getAddress() {
    return address;
  }

  public boolean isSendEnabled() {
    return sendEnabled;
  }

  public MailForm getForm() {
    return form;
  }

  public MailCharset getCharset() {
    return charset;
  }

  public RecipientSpec toSpec() {
    return new RecipientSpec(address, sendEnabled, form, charset);
  }
}
