package jp.callmail.it;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;
import jp.callmail.domain.model.call.CallIdHash;
import jp.callmail.domain.model.call.CallLogEntry;

/**
 * The tests' view of the real database inside the container: provision lines, read the call log.
 */
@ApplicationScoped
public class ItDatabase {

  /** The name of the constraint {@link #refuseCaller} adds. */
  static final String REFUSING_CHECK = "ck_it_refused_caller";

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Resource(lookup = "jdbc/callmail")
  private DataSource dataSource;

  @Inject private ProvisioningService provisioning;

  /**
   * Creates a watched line the way an operator does (the provisioning service), so that the SIP
   * connector on this instance routes the very next call to it without waiting for a refresh.
   */
  public void addLine(String number, String downstreamRoute) {
    if (provisioning.contracts().stream().noneMatch(c -> c.code().equals("IT-CALLS"))) {
      provisioning.createContract(new ContractView("IT-CALLS", "Integration tests", false));
    }
    provisioning.createLine(
        new LineView(
            number, "IT-CALLS", downstreamRoute, true, false, "Asia/Tokyo", null, null, null));
  }

  /** Changes a line's route in the database only, as another instance of callmail would. */
  @Transactional
  public void rerouteInTheDatabaseOnly(String number, String downstreamRoute) {
    int rows =
        em.createNativeQuery(
                "UPDATE service_line SET downstream_route = ?1, routing_changed_at = CURRENT_TIMESTAMP WHERE phone_number = ?2")
            .setParameter(1, downstreamRoute)
            .setParameter(2, number)
            .executeUpdate();
    if (rows != 1) {
      throw new IllegalStateException("no line " + number);
    }
  }

  @Transactional
  public Optional<CallLogEntry> callLog(String callId) {
    return em.createNamedQuery(CallLogEntry.BY_CALL_ID_HASH, CallLogEntry.class)
        .setParameter("hash", CallIdHash.of(callId))
        .getResultStream()
        .findFirst()
        .map(
            entry -> {
              entry.localCallTime(); // touch the line while the persistence context is open
              return entry;
            });
  }

  /**
   * Makes the database refuse every call log row from one caller number, as a constraint an
   * operator added, or data the schema does not allow, would: a refusal, not an outage. Plain JDBC
   * with auto-commit, outside any transaction (DDL commits by itself on H2).
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void refuseCaller(String callerNumber) throws SQLException {
    if (!callerNumber.matches("[0-9]{1,24}")) {
      throw new IllegalArgumentException("digits only: " + callerNumber);
    }
    ddl(
        "ALTER TABLE call_log ADD CONSTRAINT "
            + REFUSING_CHECK
            + " CHECK (caller_number <> '"
            + callerNumber
            + "')");
  }

  /** Removes what {@link #refuseCaller} added. */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void stopRefusing() throws SQLException {
    ddl("ALTER TABLE call_log DROP CONSTRAINT " + REFUSING_CHECK);
  }

  private void ddl(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute(sql);
    }
  }
}
