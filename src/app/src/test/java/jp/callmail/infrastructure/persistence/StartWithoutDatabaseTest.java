package jp.callmail.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.persistence.logging.DefaultSessionLog;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class StartWithoutDatabaseTest {

  private final DefaultSessionLog log = new DefaultSessionLog();

  @Test
  void theDatabaseThatAnswersDecidesWhateverIsConfigured() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:start-without-database");

    String platform =
        StartWithoutDatabase.platformClassName(
            new JNDIConnector(h2), Optional.of("postgresql"), log);

    assertThat(platform).isEqualTo("org.eclipse.persistence.platform.database.H2Platform");
  }

  @Test
  void whileTheDatabaseIsDownTheConfiguredProductDecides() {
    String platform =
        StartWithoutDatabase.platformClassName(
            new JNDIConnector(new Unreachable()), Optional.of("postgresql"), log);

    assertThat(platform).isEqualTo("org.eclipse.persistence.platform.database.PostgreSQLPlatform");
  }

  @Test
  void withNeitherTheDeploymentFailsNamingTheSetting() {
    assertThatThrownBy(
            () ->
                StartWithoutDatabase.platformClassName(
                    new JNDIConnector(new Unreachable()), Optional.empty(), log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callmail.db.platform");
  }

  @Test
  void anUnknownProductIsRefusedByName() {
    assertThatThrownBy(
            () ->
                StartWithoutDatabase.platformClassName(
                    new JNDIConnector(new Unreachable()), Optional.of("oracle"), log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"oracle\"");
  }

  /** A data source whose database is down. */
  private static final class Unreachable implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("Connection refused", "08001");
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
