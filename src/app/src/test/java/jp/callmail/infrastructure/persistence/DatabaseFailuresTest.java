package jp.callmail.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseFailuresTest {

  private static final DatabaseFailures FAILURES = new DatabaseFailures();

  /** As EclipseLink and the JTA interceptor wrap a JDBC failure. */
  private static RuntimeException wrapped(Throwable jdbc) {
    RollbackException rollback = new RollbackException("commit failed");
    rollback.initCause(new PersistenceException("Exception [EclipseLink-4002]", jdbc));
    return new TransactionalException(
        "Managed bean with Transactional annotation and TxType of REQUIRES_NEW", rollback);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08001", "08006", "53300", "57P01", "57014", "40001", "40P01", "90067", "90098", "90121"
      })
  void connectionResourceShutdownAndRollbackStatesAreUnavailable(String state) {
    assertThat(FAILURES.isUnavailable(wrapped(new SQLException("x", state)))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "23514", "22001", "23502", "42P01", "XX000", "HY000"})
  void constraintDataAndSyntaxStatesAreRefusals(String state) {
    assertThat(FAILURES.isUnavailable(wrapped(new SQLException("x", state)))).isFalse();
  }

  @Test
  void h2sOwnCodesForABrokenOrClosedDatabaseAreThoseListed() {
    assertThat(String.valueOf(ErrorCode.CONNECTION_BROKEN_1)).isEqualTo("90067");
    assertThat(String.valueOf(ErrorCode.DATABASE_IS_CLOSED)).isEqualTo("90098");
    assertThat(String.valueOf(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)).isEqualTo("90121");
    assertThat(String.valueOf(ErrorCode.DATABASE_ALREADY_OPEN_1)).isEqualTo("90020");
  }

  @Test
  void aPoolThatCannotAllocateAndConnectionExceptionTypesAreUnavailable() {
    SQLException pool =
        new SQLException("Error in allocating a connection. Cause: Connection refused");
    pool.initCause(new ResourceAllocationException("Connection refused"));
    assertThat(FAILURES.isUnavailable(wrapped(pool))).isTrue();
    assertThat(FAILURES.isUnavailable(wrapped(new SQLTransientConnectionException("timeout"))))
        .isTrue();
    assertThat(FAILURES.isUnavailable(wrapped(new SQLNonTransientConnectionException("closed"))))
        .isTrue();
  }

  @Test
  void aBugIsARefusal() {
    assertThat(FAILURES.isUnavailable(new NullPointerException("line"))).isFalse();
    assertThat(
            FAILURES.isUnavailable(
                new IllegalArgumentException("x", new IllegalStateException("y"))))
        .isFalse();
  }

  @Test
  void aRealH2CheckViolationIsARefusalAndAnUnreachableDatabaseIsUnavailable() throws SQLException {
    try (var connection = DriverManager.getConnection("jdbc:h2:mem:failures", "sa", "");
        Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE t (n VARCHAR(24) CHECK (n <> '0399999999'))");
      SQLException refused = null;
      try {
        s.execute("INSERT INTO t VALUES ('0399999999')");
      } catch (SQLException e) {
        refused = e;
      }
      assertThat((Throwable) refused).isNotNull();
      assertThat(FAILURES.isUnavailable(wrapped(refused))).isFalse();
    }
    SQLException unreachable = null;
    try (var connection =
        DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here", "sa", "")) {
      connection.isValid(1);
    } catch (SQLException e) {
      unreachable = e;
    }
    assertThat((Throwable) unreachable).isNotNull();
    assertThat(FAILURES.isUnavailable(wrapped(unreachable))).as(unreachable.getSQLState()).isTrue();
  }

  @Test
  void aRealH2UniqueViolationNamesItsConstraintAndNoOther() throws SQLException {
    try (var db = DriverManager.getConnection("jdbc:h2:mem:unique;DB_CLOSE_DELAY=-1");
        Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE call_log (line_id INT, call_id_hash VARCHAR(64))");
      sql.execute(
          "ALTER TABLE call_log ADD CONSTRAINT uq_call_log_call_hash UNIQUE (line_id, call_id_hash)");
      sql.execute("INSERT INTO call_log VALUES (1, 'a')");
      SQLException duplicate = null;
      try {
        sql.execute("INSERT INTO call_log VALUES (1, 'a')");
      } catch (SQLException e) {
        duplicate = e;
      }
      assertThat(duplicate != null).as("the second row is refused").isTrue();
      assertThat(FAILURES.violates(wrapped(duplicate), "uq_call_log_call_hash")).isTrue();
      assertThat(FAILURES.violates(wrapped(duplicate), "uq_outbox_message_id")).isFalse();
      assertThat(FAILURES.isUnavailable(wrapped(duplicate))).isFalse();
      java.sql.BatchUpdateException batch =
          new java.sql.BatchUpdateException("batch failed", "23505", new int[0]);
      batch.setNextException(duplicate);
      assertThat(FAILURES.violates(wrapped(batch), "UQ_CALL_LOG_CALL_HASH")).isTrue();
      assertThat(
              FAILURES.violates(
                  wrapped(new SQLException("check violated", "23513")), "uq_call_log_call_hash"))
          .isFalse();
    }
  }

  @Test
  void theSummaryNamesEveryCauseOnOneBoundedLine() {
    String summary =
        FAILURES.summary(wrapped(new SQLException("Check constraint\nviolated", "23514")), 2000);
    assertThat(summary)
        .isEqualTo(
            "TransactionalException: Managed bean with Transactional annotation and TxType of"
                + " REQUIRES_NEW <- RollbackException: commit failed <- PersistenceException: Exception [EclipseLink-4002]"
                + " <- SQLException: Check constraint violated");
    assertThat(FAILURES.summary(wrapped(new SQLException("x".repeat(5000))), 100)).hasSize(100);
  }
}
