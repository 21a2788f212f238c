package jp.callmail.it;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import jp.callmail.domain.model.call.CallIdHash;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;

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

  @Transactional
  public void addLine(String number, String downstreamRoute) {
    Contract contract =
        em.createNamedQuery(Contract.BY_CODE, Contract.class)
            .setParameter("code", "IT-CALLS")
            .getResultStream()
            .findFirst()
            .orElseGet(
                () -> {
                  Contract created = new Contract("IT-CALLS", "Integration tests");
                  em.persist(created);
                  return created;
                });
    em.persist(new ServiceLine(contract, number, downstreamRoute, ZoneId.of("Asia/Tokyo")));
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
