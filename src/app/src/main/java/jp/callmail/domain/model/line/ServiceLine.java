package jp.callmail.domain.model.line;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.credential.SubscriberCredentials;

/**
 * A phone number with the call-mail option (or its fax sibling) and the subscriber's settings for
 * it. The invariants of SPEC §4 live here: at most 5 recipients and 30 designated callers, and a
 * line starts only with a registered address.
 *
 * <p>Why it is over 400 lines: the line is the aggregate that guards every rule of a subscriber's
 * settings (recipients, conditions, designated callers, options and their billing periods) in one
 * transaction; split up, the rules would be checked in several places or not at all.
 */
@Entity
@Table(name = "service_line")
@NamedQuery(
    name = ServiceLine.BY_NUMBER,
    query = "SELECT l FROM ServiceLine l WHERE l.phoneNumber = :number")
@NamedQuery(
    name = ServiceLine.BY_CONTRACT,
    query = "SELECT l FROM ServiceLine l WHERE l.contract.code = :code ORDER BY l.phoneNumber")
@NamedQuery(
    name = ServiceLine.FOR_IVR_CALLER,
    query =
        "SELECT DISTINCT l FROM ServiceLine l LEFT JOIN l.authenticationNumbers a"
            + " WHERE l.cancelledAt IS NULL AND (l.phoneNumber = :number OR a = :number) ORDER BY l.phoneNumber")
@NamedQuery(
    name = ServiceLine.NUMBER_CONTAINING,
    query = "SELECT l FROM ServiceLine l WHERE l.phoneNumber LIKE :pattern ORDER BY l.phoneNumber")
@NamedQuery(
    name = ServiceLine.EXISTING_NUMBERS,
    query = "SELECT l.phoneNumber FROM ServiceLine l WHERE l.phoneNumber IN :numbers")
@NamedQuery(
    name = ServiceLine.SETTINGS_CHANGED,
    query = "SELECT l.phoneNumber, l.version FROM ServiceLine l WHERE l.settingsChangedAt > :since")
public class ServiceLine {

  /** Number and version of the lines whose settings changed after {@code :since}. */
  public static final String SETTINGS_CHANGED = "ServiceLine.settingsChanged";

  public static final String BY_NUMBER = "ServiceLine.byNumber";
  public static final String BY_CONTRACT = "ServiceLine.byContract";

  /** Lines whose number matches a LIKE pattern (the console's search by part of a number). */
  public static final String NUMBER_CONTAINING = "ServiceLine.numberContaining";

  /**
   * Which of the given numbers are lines already (cancelled ones included: a number is a line
   * once).
   */
  public static final String EXISTING_NUMBERS = "ServiceLine.existingNumbers";

  /** The open lines a caller of the IVR may act on: its own number, or lines it authenticates. */
  public static final String FOR_IVR_CALLER = "ServiceLine.forIvrCaller";

  public static final int MAX_AUTHENTICATION_NUMBERS = 30;
  public static final int MAX_RECIPIENTS = 5;
  public static final int MAX_DESIGNATED_CALLERS = 30;
  private static final Pattern NATIONAL_NUMBER = Pattern.compile("0\\d{9,10}");

  @Id
  @SequenceGenerator(
      name = "service_line_seq",
      sequenceName = "service_line_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "service_line_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "contract_id")
  private Contract contract;

  @Column(name = "phone_number", nullable = false, unique = true, length = 20)
  private String phoneNumber;

  @Column(name = "downstream_route")
  private String downstreamRoute;

  @Column(name = "time_zone", nullable = false)
  private String timeZone;

  @Column(name = "call_mail", nullable = false)
  private boolean callMail;

  @Column(name = "fax_mail", nullable = false)
  private boolean faxMail;

  /** 開始/停止 of 着信お知らせメール. */
  @Column(nullable = false)
  private boolean active;

  /** 開始/停止 of FAXお知らせメール. */
  @Column(name = "fax_active", nullable = false)
  private boolean faxActive;

  @Column(name = "designated_only", nullable = false)
  private boolean designatedOnly;

  @Column(name = "unanswered_only", nullable = false)
  private boolean unansweredOnly;

  /** Every option's addresses; {@link #recipients(ServiceOption)} gives one option's. */
  @OneToMany(mappedBy = "line", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  private List<Recipient> recipients = new ArrayList<>();

  @OneToMany(mappedBy = "line", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  private List<DesignatedCaller> designatedCallers = new ArrayList<>();

  /** 認証用番号: other numbers of the contract allowed to call the IVR for this line (SPEC §2). */
  @ElementCollection
  @CollectionTable(name = "authentication_number", joinColumns = @JoinColumn(name = "line_id"))
  @Column(name = "phone_number", nullable = false, length = 20)
  private Set<String> authenticationNumbers = new TreeSet<>();

  @Embedded private SubscriberCredentials credentials = new SubscriberCredentials();

  /** FAXお知らせメール's own passwords (its own temporary password, login and lockout). */
  @Embedded
  @AttributeOverride(name = "passwordHash", column = @Column(name = "fax_password_hash"))
  @AttributeOverride(name = "temporaryHash", column = @Column(name = "fax_temp_password_hash"))
  @AttributeOverride(
      name = "temporaryExpiresAt",
      column = @Column(name = "fax_temp_password_expires_at"))
  @AttributeOverride(
      name = "failedLogins",
      column = @Column(name = "fax_failed_logins", nullable = false))
  @AttributeOverride(
      name = "invalidated",
      column = @Column(name = "fax_password_invalidated", nullable = false))
  private SubscriberCredentials faxCredentials = new SubscriberCredentials();

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /**
   * When whether calls are watched, or where they go, last changed: the SIP connector reads changes
   * by it.
   */
  @Column(name = "routing_changed_at", nullable = false)
  private Instant routingChangedAt;

  /**
   * When anything the notification rules read last changed (options, 開始/停止, conditions, addresses,
   * designated callers, time zone, cancellation): other instances refresh their copy of the line's
   * settings by it.
   */
  @Column(name = "settings_changed_at", nullable = false)
  private Instant settingsChangedAt;

  @Version private long version;

  protected ServiceLine() {}

  /**
   * @param phoneNumber national form, digits only (e.g. 0312345678)
   * @param downstreamRoute SIP URI of the line's next hop, or null for the default next hop
   */
  public ServiceLine(
      Contract contract, String phoneNumber, String downstreamRoute, ZoneId timeZone) {
    if (contract == null) {
      throw new RuleViolation("contract", "required", "A service line belongs to a contract");
    }
    if (phoneNumber == null || !NATIONAL_NUMBER.matcher(phoneNumber).matches()) {
      throw new RuleViolation(
          "number",
          "national-number",
          "A service line number is 10 or 11 digits starting with 0, not '" + phoneNumber + "'");
    }
    this.contract = contract;
    this.phoneNumber = phoneNumber;
    this.callMail = true;
    this.createdAt = Instant.now();
    this.routingChangedAt = createdAt;
    this.settingsChangedAt = createdAt;
    routeTo(downstreamRoute);
    changeTimeZone(timeZone == null ? ZoneId.of("Asia/Tokyo") : timeZone);
  }

  // ------------------------------------------------------------ provisioning (operator)

  /** Refuses a downstream route that is not a SIP URI (empty means the default next hop). */
  public static void checkRoute(String route) {
    if (route != null && !route.isBlank() && !route.matches("(?i)sips?:[^\\s<>\"]+")) {
      throw new RuleViolation(
          "downstreamRoute",
          "sip-uri",
          "A downstream route is a SIP URI such as sip:10.0.0.5:5060;transport=udp, not '"
              + route
              + "'");
    }
  }

  public void routeTo(String route) {
    checkRoute(route);
    String next = route == null || route.isBlank() ? null : route.strip();
    if (!Objects.equals(next, downstreamRoute)) {
      downstreamRoute = next;
      routingChanged();
    }
  }

  private void routingChanged() {
    routingChangedAt = Instant.now();
    settingsChanged();
  }

  /** Stamps a change of what the notification rules read (see {@code settingsChangedAt}). */
  private void settingsChanged() {
    settingsChangedAt = Instant.now();
  }

  public void changeTimeZone(ZoneId zone) {
    if (!zone.getId().equals(timeZone)) {
      this.timeZone = zone.getId();
      settingsChanged();
    }
  }

  /** Parses a zone id given by a user, naming the field when it is not one. */
  public static ZoneId zone(String id) {
    try {
      return id == null || id.isBlank() ? ZoneId.of("Asia/Tokyo") : ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      throw new RuleViolation(
          "timeZone", "time-zone", "'" + id + "' is not a time zone such as Asia/Tokyo");
    }
  }

  /**
   * Adds or removes options; a cancelled line keeps the options it had (they are no longer billed).
   */
  public void changeOptions(boolean callMailOption, boolean faxMailOption) {
    if (callMailOption != callMail || faxMailOption != faxMail) {
      requireOpen();
    }
    boolean wasWatched = isWatched();
    if (callMailOption != callMail || faxMailOption != faxMail) {
      settingsChanged();
    }
    this.callMail = callMailOption;
    this.faxMail = faxMailOption;
    if (wasWatched != isWatched()) {
      routingChanged();
    }
    if (!callMailOption) {
      this.active = false;
    }
    if (!faxMailOption) {
      this.faxActive = false;
    }
  }

  /**
   * Replaces the authentication numbers. Each is a national number other than the line's own; the
   * same number may authenticate several lines of a contract.
   */
  public void replaceAuthenticationNumbers(List<String> numbers) {
    requireOpen();
    if (numbers.size() > MAX_AUTHENTICATION_NUMBERS) {
      throw new RuleViolation(
          "authenticationNumbers",
          "max-authentication-numbers",
          "At most "
              + MAX_AUTHENTICATION_NUMBERS
              + " authentication numbers can be registered for a line");
    }
    Set<String> valid = new TreeSet<>();
    for (int i = 0; i < numbers.size(); i++) {
      String number = PhoneNumbers.normalise(numbers.get(i));
      String field = "authenticationNumbers[" + i + "]";
      if (!NATIONAL_NUMBER.matcher(number).matches()) {
        throw new RuleViolation(
            field,
            "national-number",
            "An authentication number is 10 or 11 digits starting with 0, not '"
                + numbers.get(i)
                + "'");
      }
      if (number.equals(phoneNumber)) {
        throw new RuleViolation(
            field,
            "not-own-number",
            "The line's own number always may call the IVR; an authentication number is another number");
      }
      valid.add(number);
    }
    authenticationNumbers.retainAll(valid);
    authenticationNumbers.addAll(valid);
  }

  public void cancel(Instant when) {
    if (cancelledAt == null) {
      cancelledAt = when;
      active = false;
      faxActive = false;
      routingChanged();
    }
  }

  // ------------------------------------------------------------ settings (subscriber)

  /** 開始 of 着信お知らせメール: only with at least one registered address (SPEC §4). */
  public void start() {
    start(ServiceOption.CALL_MAIL);
  }

  /** 開始 of an option: only when it is contracted and has at least one registered address. */
  public void start(ServiceOption option) {
    requireOpen();
    if (!option.isOn(this)) {
      throw new RuleViolation(
          "active",
          "option-not-contracted",
          "The "
              + (option == ServiceOption.CALL_MAIL ? "call-mail" : "fax-mail")
              + " option is not contracted on this line ("
              + option.label()
              + "のご契約がありません)");
    }
    if (recipients(option).isEmpty()) {
      throw new RuleViolation(
          "active",
          "recipient-required",
          "Register a mail address before starting (送信先メールアドレスを登録してから開始してください)");
    }
    setActive(option, true);
  }

  /** 停止 of 着信お知らせメール. */
  public void stop() {
    stop(ServiceOption.CALL_MAIL);
  }

  /** 停止 of an option. */
  public void stop(ServiceOption option) {
    setActive(option, false);
  }

  private void setActive(ServiceOption option, boolean started) {
    if (isActive(option) != started) {
      settingsChanged();
    }
    if (option == ServiceOption.CALL_MAIL) {
      active = started;
    } else {
      faxActive = started;
    }
  }

  public void changeConditions(boolean designatedCallersOnly, boolean unansweredCallsOnly) {
    requireOpen();
    if (designatedCallersOnly != designatedOnly || unansweredCallsOnly != unansweredOnly) {
      settingsChanged();
    }
    this.designatedOnly = designatedCallersOnly;
    this.unansweredOnly = unansweredCallsOnly;
  }

  /** Replaces 着信お知らせメール's 送信先メールアドレス list; a started line keeps at least one address. */
  public void replaceRecipients(List<RecipientSpec> specs) {
    replaceRecipients(ServiceOption.CALL_MAIL, specs);
  }

  /** Replaces an option's 送信先メールアドレス list; a started option keeps at least one address. */
  public void replaceRecipients(ServiceOption option, List<RecipientSpec> specs) {
    requireOpen();
    if (specs.size() > MAX_RECIPIENTS) {
      throw new RuleViolation(
          "recipients",
          "max-recipients",
          "At most " + MAX_RECIPIENTS + " mail addresses can be registered (登録できるメールアドレスは5件までです)");
    }
    List<RecipientSpec> valid = SlotChecks.recipients(specs);
    if (isActive(option) && valid.isEmpty()) {
      throw new RuleViolation(
          "recipients",
          "recipient-required",
          "A started line needs a mail address; stop it before removing the last one (開始中は1件以上の登録が必要です)");
    }
    settingsChanged();
    replace(
        recipients,
        r -> r.getOption() == option,
        valid,
        Recipient::getPosition,
        Recipient::update,
        (pos, spec) -> new Recipient(this, option, pos, spec));
  }

  /** Replaces the 発信電話番号指定 list. */
  public void replaceDesignatedCallers(List<DesignatedCallerSpec> specs) {
    requireOpen();
    if (specs.size() > MAX_DESIGNATED_CALLERS) {
      throw new RuleViolation(
          "designatedCallers",
          "max-designated-callers",
          "At most "
              + MAX_DESIGNATED_CALLERS
              + " caller numbers can be designated (指定できる電話番号は30件までです)");
    }
    List<DesignatedCallerSpec> valid = SlotChecks.designatedCallers(specs);
    settingsChanged();
    replace(
        designatedCallers,
        d -> true,
        valid,
        DesignatedCaller::getPosition,
        DesignatedCaller::update,
        (pos, spec) -> new DesignatedCaller(this, pos, spec));
  }

  /**
   * Updates rows in place by position so that the unique (line, position) key never sees two rows
   * at once (JPA flushes inserts before deletes). Only the rows {@code mine} selects are touched.
   */
  private static <E, S> void replace(
      List<E> current,
      Predicate<E> mine,
      List<S> specs,
      ToIntFunction<E> position,
      BiConsumer<E, S> update,
      BiFunction<Integer, S, E> create) {
    current.removeIf(e -> mine.test(e) && position.applyAsInt(e) > specs.size());
    for (int i = 0; i < specs.size(); i++) {
      int pos = i + 1;
      E existing =
          current.stream()
              .filter(e -> mine.test(e) && position.applyAsInt(e) == pos)
              .findFirst()
              .orElse(null);
      if (existing != null) {
        update.accept(existing, specs.get(i));
      } else {
        current.add(create.apply(pos, specs.get(i)));
      }
    }
  }

  private void requireOpen() {
    if (cancelledAt != null) {
      throw new RuleViolation("number", "line-cancelled", "Line " + phoneNumber + " is cancelled");
    }
  }

  // ------------------------------------------------------------ reading

  /** Calls are watched (and logged) while the line is not cancelled and has a mail option. */
  public boolean isWatched() {
    return isWatched(cancelledAt, callMail, faxMail);
  }

  /**
   * The line as call routing sees it: compare before and after a change to see if it touched it.
   */
  public LineRouting routing() {
    return new LineRouting(phoneNumber, isWatched(), downstreamRoute);
  }

  /** The same rule over a row's columns, for readers that do not load the entity. */
  public static boolean isWatched(Instant cancelledAt, boolean callMail, boolean faxMail) {
    return cancelledAt == null && (callMail || faxMail);
  }

  /** What the notification rules need to know about this line's settings. */
  public NotificationPolicy notificationPolicy() {
    Set<String> designated =
        designatedCallers.stream()
            .filter(DesignatedCaller::isEnabled)
            .map(DesignatedCaller::getNumber)
            .collect(Collectors.toUnmodifiableSet());
    return new NotificationPolicy(
        active && callMail && cancelledAt == null, designatedOnly, unansweredOnly, designated);
  }

  /** Refuses, naming the option, what only a line with {@code option} may do. */
  public void requireOption(ServiceOption option) {
    if (!option.isOn(this)) {
      throw new RuleViolation(
          "option",
          "option-not-contracted",
          "Line "
              + phoneNumber
              + " does not have the option "
              + option.label()
              + " (この電話番号では"
              + option.label()
              + "はご契約されていません)");
    }
  }

  /** Whether FAXお知らせメール makes mail for a fax call now: contracted, started, line open. */
  public boolean faxMailStarted() {
    return faxActive && faxMail && cancelledAt == null;
  }

  public Long getId() {
    return id;
  }

  /** Grows with every change of the line's row (every settings change stamps the row). */
  public long getVersion() {
    return version;
  }

  public Contract getContract() {
    return contract;
  }

  public String getPhoneNumber() {
    return phoneNumber;
  }

  public String getDownstreamRoute() {
    return downstreamRoute;
  }

  public ZoneId getTimeZone() {
    return ZoneId.of(timeZone);
  }

  public boolean isCallMail() {
    return callMail;
  }

  public boolean isFaxMail() {
    return faxMail;
  }

  /** 開始/停止 of 着信お知らせメール. */
  public boolean isActive() {
    return active;
  }

  /** 開始/停止 of an option. */
  public boolean isActive(ServiceOption option) {
    return option == ServiceOption.CALL_MAIL ? active : faxActive;
  }

  public boolean isDesignatedOnly() {
    return designatedOnly;
  }

  public boolean isUnansweredOnly() {
    return unansweredOnly;
  }

  public boolean isCancelled() {
    return cancelledAt != null;
  }

  public Instant getCancelledAt() {
    return cancelledAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** The subscriber's passwords of 着信お知らせメール; their rules live in {@link SubscriberCredentials}. */
  public SubscriberCredentials credentials() {
    return credentials(ServiceOption.CALL_MAIL);
  }

  /** An option's own passwords: each option has its temporary password, login and lockout. */
  public SubscriberCredentials credentials(ServiceOption option) {
    // JPA leaves an embeddable of all-null columns null
    if (option == ServiceOption.FAX_MAIL) {
      if (faxCredentials == null) {
        faxCredentials = new SubscriberCredentials();
      }
      return faxCredentials;
    }
    if (credentials == null) {
      credentials = new SubscriberCredentials();
    }
    return credentials;
  }

  /** 着信お知らせメール's addresses, by position. */
  public List<Recipient> getRecipients() {
    return recipients(ServiceOption.CALL_MAIL);
  }

  /** An option's addresses, by position. */
  public List<Recipient> recipients(ServiceOption option) {
    return recipients.stream().filter(r -> r.getOption() == option).toList();
  }

  public List<String> getAuthenticationNumbers() {
    return List.copyOf(new TreeSet<>(authenticationNumbers));
  }

  public List<DesignatedCaller> getDesignatedCallers() {
    return Collections.unmodifiableList(designatedCallers);
  }
}
