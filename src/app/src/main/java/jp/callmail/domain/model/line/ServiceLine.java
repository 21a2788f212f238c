package jp.callmail.domain.model.line;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/** A phone number with the call-mail option: its calls are watched until the line is cancelled. */
@Entity
@Table(name = "service_line")
@NamedQuery(
    name = ServiceLine.BY_NUMBER,
    query = "SELECT l FROM ServiceLine l WHERE l.phoneNumber = :number")
public class ServiceLine {

  public static final String BY_NUMBER = "ServiceLine.byNumber";
  private static final Pattern NATIONAL_NUMBER = Pattern.compile("0\\d{9,10}");

  @Id
  @SequenceGenerator(name = "service_line_seq", sequenceName = "service_line_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "service_line_seq")
  private Long id;

  @Column(name = "phone_number", nullable = false, unique = true, length = 20)
  private String phoneNumber;

  @Column(name = "downstream_route")
  private String downstreamRoute;

  @Column(name = "time_zone", nullable = false)
  private String timeZone;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected ServiceLine() {}

  /**
   * @param phoneNumber national form, digits only (e.g. 0312345678)
   * @param downstreamRoute SIP URI of the line's next hop, or null for the default next hop
   */
  public ServiceLine(String phoneNumber, String downstreamRoute, ZoneId timeZone) {
    if (phoneNumber == null || !NATIONAL_NUMBER.matcher(phoneNumber).matches()) {
      throw new IllegalArgumentException(
          "A service line number is 10 or 11 digits starting with 0, not '" + phoneNumber + "'");
    }
    if (downstreamRoute != null && !downstreamRoute.isBlank()
        && !downstreamRoute.startsWith("sip:") && !downstreamRoute.startsWith("sips:")) {
      throw new IllegalArgumentException("A downstream route is a SIP URI (sip:host:port), not '" + downstreamRoute + "'");
    }
    this.phoneNumber = phoneNumber;
    this.downstreamRoute = downstreamRoute == null || downstreamRoute.isBlank() ? null : downstreamRoute;
    this.timeZone = Objects.requireNonNull(timeZone, "timeZone").getId();
    this.createdAt = Instant.now();
  }

  public Long getId() {
    return id;
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

  /** Calls are watched while the line is not cancelled. */
  public boolean isWatched() {
    return cancelledAt == null;
  }

  public void cancel(Instant when) {
    if (cancelledAt == null) {
      cancelledAt = when;
    }
  }
}
