package jp.callmail.domain.model.contract;

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
import java.util.regex.Pattern;
import jp.callmail.domain.model.RuleViolation;

/** A subscriber (契約者) holding one or more service lines. */
@Entity
@Table(name = "contract")
@NamedQuery(name = Contract.BY_CODE, query = "SELECT c FROM Contract c WHERE c.code = :code")
@NamedQuery(name = Contract.ALL, query = "SELECT c FROM Contract c ORDER BY c.code")
public class Contract {

  public static final String BY_CODE = "Contract.byCode";
  public static final String ALL = "Contract.all";
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");

  @Id
  @SequenceGenerator(name = "contract_seq", sequenceName = "contract_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contract_seq")
  private Long id;

  @Column(name = "contract_code", nullable = false, unique = true)
  private String code;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Version private long version;

  protected Contract() {}

  public Contract(String code, String name) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new RuleViolation(
          "code",
          "contract-code",
          "A contract code is 1-32 letters, digits and hyphens, starting with a letter or digit");
    }
    this.code = code;
    rename(name);
    this.createdAt = Instant.now();
  }

  public void rename(String newName) {
    if (newName == null || newName.isBlank() || newName.length() > 200) {
      throw new RuleViolation("name", "contract-name", "A contract name is 1-200 characters");
    }
    this.name = newName.strip();
  }

  /** Ends the contract; its lines are cancelled by the caller in the same transaction. */
  public void cancel(Instant when) {
    if (cancelledAt == null) {
      cancelledAt = when;
    }
  }

  /** New lines only join an open contract. */
  public void requireOpen() {
    if (cancelledAt != null) {
      throw new RuleViolation(
          "contract", "contract-cancelled", "Contract " + code + " is cancelled");
    }
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public String getName() {
    return name;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public boolean isCancelled() {
    return cancelledAt != null;
  }
}
