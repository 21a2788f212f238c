package jp.callmail.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.callmail.domain.model.call.CallIdHash;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 8.1: fills {@code call_log.call_id_hash} (added by V8) for the rows logged before
 * it. In Java because H2 and PostgreSQL share no SQL for SHA-256 of a string, and because the hash
 * must be exactly the one the application computes ({@link CallIdHash}). Batches of 1,000 rows,
 * within Flyway's transaction for this version.
 */
public class V8_1__Call_id_hash_backfill extends BaseJavaMigration {

  private static final int BATCH = 1000;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    Map<Long, String> rows;
    do {
      rows = nextBatch(connection);
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE call_log SET call_id_hash = ? WHERE id = ?")) {
        for (Map.Entry<Long, String> row : rows.entrySet()) {
          update.setString(1, CallIdHash.of(row.getValue()));
          update.setLong(2, row.getKey());
          update.addBatch();
        }
        if (!rows.isEmpty()) {
          update.executeBatch();
        }
      }
    } while (rows.size() == BATCH);
  }

  private static Map<Long, String> nextBatch(Connection connection) throws SQLException {
    Map<Long, String> rows = new LinkedHashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, call_id FROM call_log WHERE call_id_hash IS NULL ORDER BY id FETCH FIRST "
                    + BATCH
                    + " ROWS ONLY");
        ResultSet r = select.executeQuery()) {
      while (r.next()) {
        rows.put(r.getLong(1), r.getString(2));
      }
    }
    return rows;
  }
}
