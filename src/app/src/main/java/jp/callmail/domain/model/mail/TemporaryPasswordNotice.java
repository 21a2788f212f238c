package jp.callmail.domain.model.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;
import java.util.Objects;

/**
 * What a temporary-password notice tells the line's addresses (SPEC §6, issue 11): when the
 * password was set, how, and until when it is valid. A subscriber who did not set it learns of it
 * before the stranger can use it for long; the password itself is never part of it.
 */
@Embeddable
public class TemporaryPasswordNotice {

  /** How the temporary password was set. */
  public enum Via {
    /** Dialled in to the temporary-password IVR from {@link #getCallerNumber()}. */
    IVR,
    /** Issued by an operator (REST API or console). */
    OPERATOR
  }

  @Column(name = "notice_at")
  private Instant setAt;

  @Column(name = "notice_expires_at")
  private Instant expiresAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "notice_via")
  private Via via;

  @Column(name = "notice_caller")
  private String callerNumber;

  protected TemporaryPasswordNotice() {}

  private TemporaryPasswordNotice(Instant setAt, Instant expiresAt, Via via, String callerNumber) {
    this.setAt = Objects.requireNonNull(setAt, "setAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.via = via;
    this.callerNumber = callerNumber;
  }

  /** Set by phone through the IVR; {@code callerNumber} is the number the network asserted. */
  public static TemporaryPasswordNotice byPhone(
      Instant setAt, Instant expiresAt, String callerNumber) {
    if (callerNumber == null || !callerNumber.matches("[0-9]{1,24}")) {
      throw new IllegalArgumentException("An IVR caller is 1 to 24 digits: " + callerNumber);
    }
    return new TemporaryPasswordNotice(setAt, expiresAt, Via.IVR, callerNumber);
  }

  /** Issued by an operator. */
  public static TemporaryPasswordNotice byOperator(Instant setAt, Instant expiresAt) {
    return new TemporaryPasswordNotice(setAt, expiresAt, Via.OPERATOR, null);
  }

  public Instant getSetAt() {
    return setAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Via getVia() {
    return via;
  }

  /** The IVR caller's number; null when an operator issued it. */
  public String getCallerNumber() {
    return callerNumber;
  }
}
