package jp.callmail.domain.model.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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
import java.util.Objects;
import java.util.Optional;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.line.Recipient;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;

/**
 * One mail to one address, written in the transaction that decided it and kept until it is sent or
 * refused for good. Its Message-ID is fixed at creation, so a retry is recognisable as the same
 * mail. The recipient's address, form and charset are copied from the settings of that moment.
 */
@Entity
@Table(name = "outbox_mail")
@NamedQuery(
    name = OutboxMail.FOR_CALL,
    query = "SELECT m FROM OutboxMail m WHERE m.call.id = :callLogId ORDER BY m.id")
@NamedQuery(
    name = OutboxMail.FOR_CALLS,
    query = "SELECT m FROM OutboxMail m WHERE m.call.id IN :callLogIds ORDER BY m.id")
@NamedQuery(name = OutboxMail.BY_IDS, query = "SELECT m FROM OutboxMail m WHERE m.id IN :ids")
@NamedQuery(
    name = OutboxMail.COUNT_WAITING,
    query = "SELECT COUNT(m) FROM OutboxMail m WHERE m.status IN :statuses")
@NamedQuery(
    name = OutboxMail.OLDEST_DUE,
    query =
        "SELECT m.nextAttemptAt FROM OutboxMail m WHERE m.status IN :statuses AND m.nextAttemptAt <= :now"
            + " ORDER BY m.nextAttemptAt")
public class OutboxMail {

  /** Mails not yet in a final state. */
  public static final String COUNT_WAITING = "OutboxMail.countWaiting";

  /** When waiting mails became due, oldest first. */
  public static final String OLDEST_DUE = "OutboxMail.oldestDue";

  /** A batch of rows by id (the outbox's claims and recorded outcomes). */
  public static final String BY_IDS = "OutboxMail.byIds";

  public static final String FOR_CALL = "OutboxMail.forCall";

  /** The mails of a page of calls, in one query. */
  public static final String FOR_CALLS = "OutboxMail.forCalls";

  private static final int MAX_REPLY = 1000;

  @Id
  @SequenceGenerator(
      name = "outbox_mail_seq",
      sequenceName = "outbox_mail_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_mail_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "line_id")
  private ServiceLine line;

  @ManyToOne
  @JoinColumn(name = "call_log_id")
  private CallLogEntry call;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private MailKind kind;

  /** The option the mail belongs to: 着信お知らせメール, or FAXお知らせメール (a fax call's mail, its tests). */
  @Enumerated(EnumType.STRING)
  @Column(name = "service_option", nullable = false)
  private ServiceOption option = ServiceOption.CALL_MAIL;

  @Column(nullable = false)
  private String recipient;

  @Enumerated(EnumType.STRING)
  @Column(name = "mail_form", nullable = false)
  private MailForm form;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private MailCharset charset;

  @Column(name = "message_id", nullable = false, unique = true)
  private String messageId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private MailStatus status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "claimed_until")
  private Instant claimedUntil;

  /** The token of the claim that holds the row until {@link #claimedUntil}; null when none. */
  @Column(name = "lease_token", length = 36)
  private String leaseToken;

  @Column(name = "last_reply", length = MAX_REPLY)
  private String lastReply;

  @Column(name = "queued_at", nullable = false)
  private Instant queuedAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  /** What a {@link MailKind#PASSWORD_NOTICE} tells; null for other kinds. */
  @Embedded private TemporaryPasswordNotice passwordNotice;

  @Version private long version;

  protected OutboxMail() {}

  private OutboxMail(
      ServiceLine line,
      CallLogEntry call,
      MailKind kind,
      ServiceOption option,
      String recipient,
      MailForm form,
      MailCharset charset,
      String messageId,
      Instant now) {
    this.line = line;
    this.call = call;
    this.kind = kind;
    this.option = Objects.requireNonNull(option, "option");
    this.recipient = recipient;
    this.form = form;
    this.charset = charset;
    this.messageId = messageId;
    this.status = MailStatus.PENDING;
    this.queuedAt = now;
    this.nextAttemptAt = now;
  }

  /**
   * The mail of a call for one recipient of an option: 着信お知らせメール, or FAXお知らせメール when the recipient
   * is one of the fax option's.
   */
  public static OutboxMail forCall(CallLogEntry call, Recipient to, String messageId, Instant now) {
    return new OutboxMail(
        call.getLine(),
        call,
        MailKind.CALL,
        to.getOption(),
        to.getAddress(),
        to.getForm(),
        to.getCharset(),
        messageId,
        now);
  }

  /** A テストメール of 着信お知らせメール. */
  public static OutboxMail test(
      ServiceLine line,
      String address,
      MailForm form,
      MailCharset charset,
      String messageId,
      Instant now) {
    return test(line, ServiceOption.CALL_MAIL, address, form, charset, messageId, now);
  }

  /** A テストメール of an option. */
  public static OutboxMail test(
      ServiceLine line,
      ServiceOption option,
      String address,
      MailForm form,
      MailCharset charset,
      String messageId,
      Instant now) {
    return new OutboxMail(
        line, null, MailKind.TEST, option, address, form, charset, messageId, now);
  }

  /**
   * A 仮パスワード設定のお知らせ to one of the line's addresses, whether or not its 送信する box is checked: that
   * box chooses call notices, and this mail is about the line's security.
   */
  public static OutboxMail passwordNotice(
      ServiceLine line,
      Recipient to,
      TemporaryPasswordNotice notice,
      String messageId,
      Instant now) {
    OutboxMail mail =
        new OutboxMail(
            line,
            null,
            MailKind.PASSWORD_NOTICE,
            to.getOption(),
            to.getAddress(),
            to.getForm(),
            to.getCharset(),
            messageId,
            now);
    mail.passwordNotice = Objects.requireNonNull(notice, "notice");
    return mail;
  }

  /**
   * Reserves the row for the claim with this token until the lease ends (see OutboxStore): only
   * that claim renews the lease and records the outcome.
   */
  public void claim(Instant until, String token) {
    claimedUntil = until;
    leaseToken = Objects.requireNonNull(token, "token");
  }

  /**
   * Whether the claim with this token still holds the row: nobody has taken it over or ended it.
   */
  public boolean heldBy(String token) {
    return token.equals(leaseToken);
  }

  /** The mail server accepted it. */
  public void sent(Instant when, String reply) {
    status = MailStatus.SENT;
    attempts++;
    sentAt = when;
    lastReply = clip(reply);
    claimedUntil = null;
    leaseToken = null;
  }

  /** A transient failure: try again at the given time, or give up when there is none. */
  public void failedTemporarily(String reply, Optional<Instant> retryAt) {
    attempts++;
    lastReply = clip(reply);
    claimedUntil = null;
    leaseToken = null;
    if (retryAt.isPresent()) {
      status = MailStatus.RETRYING;
      nextAttemptAt = retryAt.get();
    } else {
      status = MailStatus.FAILED;
    }
  }

  /** Refused for good (5xx): kept with the server's reply, never retried by itself. */
  public void failedPermanently(String reply) {
    attempts++;
    status = MailStatus.FAILED;
    lastReply = clip(reply);
    claimedUntil = null;
    leaseToken = null;
  }

  /** An operator's re-send of a failed mail: queued again as new, same Message-ID. */
  public void resend(Instant now) {
    if (status != MailStatus.FAILED) {
      throw new RuleViolation(
          "status",
          "resend-failed-only",
          "Only a failed mail can be re-sent; this one is " + status);
    }
    status = MailStatus.PENDING;
    queuedAt = now;
    nextAttemptAt = now;
    claimedUntil = null;
    leaseToken = null;
  }

  private static String clip(String reply) {
    if (reply == null) {
      return null;
    }
    String oneLine = reply.strip();
    return oneLine.length() <= MAX_REPLY ? oneLine : oneLine.substring(0, MAX_REPLY);
  }

  public Long getId() {
    return id;
  }

  public ServiceLine getLine() {
    return line;
  }

  public CallLogEntry getCall() {
    return call;
  }

  /** The option the mail belongs to. */
  public ServiceOption getOption() {
    return option;
  }

  public MailKind getKind() {
    return kind;
  }

  public String getRecipient() {
    return recipient;
  }

  public MailForm getForm() {
    return form;
  }

  public MailCharset getCharset() {
    return charset;
  }

  public String getMessageId() {
    return messageId;
  }

  public MailStatus getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getNextAttemptAt() {
    return nextAttemptAt;
  }

  public String getLastReply() {
    return lastReply;
  }

  public Instant getQueuedAt() {
    return queuedAt;
  }

  public Instant getSentAt() {
    return sentAt;
  }

  public TemporaryPasswordNotice getPasswordNotice() {
    return passwordNotice;
  }
}
