package jp.callmail.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.callmail.domain.model.call.CallIdHash;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migrations of {@code db/} on H2, as the embedded default runs them: V5 gives lines created
 * before it an option period per option they have, from creation to cancellation; V8 gives the
 * calls logged before it the hash of their Call-ID and then takes a Call-ID of any length; the dev
 * seed still applies after them.
 */
class MigrationsTest {

  private static final Path DB = Path.of("../../db").toAbsolutePath().normalize();

  private static Flyway flyway(String url, String target, boolean seed) {
    var config =
        Flyway.configure()
            .dataSource(url, "sa", "")
            .locations(
                seed
                    ? new String[] {
                      "filesystem:" + DB.resolve("migration"), "filesystem:" + DB.resolve("dev")
                    }
                    : new String[] {"filesystem:" + DB.resolve("migration")})
            .javaMigrations(SchemaMigration.javaMigrations());
    if (target != null) {
      config.target(target);
    }
    return config.load();
  }

  @Test
  void v5RecordsTheCurrentOptionsOfExistingLinesSinceTheirCreation() throws SQLException {
    String url = "jdbc:h2:mem:v5;DB_CLOSE_DELAY=-1";
    flyway(url, "4", false).migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO contract (id, contract_code, name, created_at) VALUES (10, 'C-1', 'x', CURRENT_TIMESTAMP)");
      s.execute(
          "INSERT INTO service_line (id, phone_number, time_zone, created_at, contract_id, call_mail, fax_mail)"
              + " VALUES (1000, '0311112222', 'Asia/Tokyo', TIMESTAMP WITH TIME ZONE '2026-01-05 10:00:00+09:00', 10, TRUE, TRUE)");
      s.execute(
          "INSERT INTO service_line (id, phone_number, time_zone, created_at, cancelled_at, contract_id, call_mail,"
              + " fax_mail) VALUES (1050, '0311113333', 'Asia/Tokyo', TIMESTAMP WITH TIME ZONE '2026-02-01 00:00:00+09:00',"
              + " TIMESTAMP WITH TIME ZONE '2026-11-15 10:00:00+09:00', 10, TRUE, FALSE)");
      s.execute(
          "INSERT INTO service_line (id, phone_number, time_zone, created_at, contract_id, call_mail, fax_mail)"
              + " VALUES (1100, '0311114444', 'Asia/Tokyo', CURRENT_TIMESTAMP, 10, FALSE, FALSE)");
    }
    flyway(url, null, false).migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, line_id, service_option, started_at = (SELECT created_at FROM"
                    + " service_line l WHERE l.id = p.line_id), ended_at IS NULL FROM option_period p ORDER BY id DESC")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(
            r.getLong(1)
                + " "
                + r.getLong(2)
                + " "
                + r.getString(3)
                + " "
                + r.getBoolean(4)
                + " "
                + r.getBoolean(5));
      }
      assertThat(rows)
          .containsExactly(
              "-2000 1000 CALL_MAIL true true",
              "-2001 1000 FAX_MAIL true true",
              "-2100 1050 CALL_MAIL true false");
    }
  }

  @Test
  void everyMigrationAndTheDevSeedApplyToAnEmptyDatabase() throws SQLException {
    String url = "jdbc:h2:mem:all;DB_CLOSE_DELAY=-1";
    var result = flyway(url, null, true).migrate();
    assertThat(result.targetSchemaVersion).isEqualTo("16");
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT line_id, service_option FROM option_period")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).isEqualTo(1);
      assertThat(r.getString(2)).isEqualTo("CALL_MAIL");
      s.execute(
          "INSERT INTO service_order (id, contract_id, ordered_at, with_phone_service, ordered_by)"
              + " VALUES (NEXT VALUE FOR service_order_seq, 2, CURRENT_TIMESTAMP, FALSE, 'operator')");
      s.execute(
          "INSERT INTO service_order_item (id, order_id, line_id, service_option)"
              + " VALUES (1, 1000, 1, 'CALL_MAIL')");
    }
  }

  @Test
  void v8HashesTheCallIdsLoggedBeforeItAndThenTakesLongOnesUniquePerLine() throws SQLException {
    String url = "jdbc:h2:mem:v8;DB_CLOSE_DELAY=-1";
    flyway(url, "7", false).migrate();
    String longest = "9".repeat(245) + "@127.0.0.1";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO contract (id, contract_code, name, created_at) VALUES (10, 'C-1', 'x', CURRENT_TIMESTAMP)");
      s.execute(
          "INSERT INTO service_line (id, phone_number, time_zone, created_at, contract_id)"
              + " VALUES (1000, '0311112222', 'Asia/Tokyo', CURRENT_TIMESTAMP, 10)");
      for (int i = 0; i < 1001; i++) { // more than one batch of the Java migration
        s.execute(
            "INSERT INTO call_log (id, call_id, line_id, called_number, call_time, caller_number, withheld_reason,"
                + " ringing_seconds, outcome, recorded_at) VALUES ("
                + (2000 + i)
                + ", '"
                + (i == 0 ? longest : "c" + i + "@h")
                + "', 1000, '0311112222', CURRENT_TIMESTAMP, '', 'PRIVACY', 1, 'ANSWERED', CURRENT_TIMESTAMP)");
      }
    }
    flyway(url, null, false).migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT call_id, call_id_hash FROM call_log WHERE id IN (2000, 3000) ORDER BY id")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(2)).isEqualTo(CallIdHash.of(longest));
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("c1000@h");
        assertThat(r.getString(2)).isEqualTo(CallIdHash.of("c1000@h"));
      }
      String callId = "x".repeat(400) + "@caller.example";
      String insert =
          "INSERT INTO call_log (id, call_id, call_id_hash, line_id, called_number, call_time, caller_number,"
              + " withheld_reason, ringing_seconds, outcome, recorded_at) VALUES (%d, '"
              + callId
              + "', '"
              + CallIdHash.of(callId)
              + "', 1000, '0311112222', CURRENT_TIMESTAMP, '', 'PRIVACY', 1, 'ANSWERED', CURRENT_TIMESTAMP)";
      s.execute(String.format(insert, 5000));
      assertThatThrownBy(() -> s.execute(String.format(insert, 5001)))
          .as("the same Call-ID twice on a line")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("UQ_CALL_LOG_CALL_HASH");
      assertThatThrownBy(
              () ->
                  s.execute(
                      "INSERT INTO call_log (id, call_id, line_id, called_number, call_time,"
                          + " caller_number, withheld_reason, ringing_seconds, outcome, recorded_at) VALUES (5002, 'n@h', 1000,"
                          + " '0311112222', CURRENT_TIMESTAMP, '', 'PRIVACY', 1, 'ANSWERED', CURRENT_TIMESTAMP)"))
          .as("no row without its hash")
          .isInstanceOf(SQLException.class);
    }
  }
}
