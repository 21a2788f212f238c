package jp.callmail.infrastructure.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.internal.databaseaccess.DatabaseAccessor;
import org.eclipse.persistence.internal.databaseaccess.DatasourcePlatform;
import org.eclipse.persistence.internal.helper.DBPlatformHelper;
import org.eclipse.persistence.logging.SessionLog;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.ExternalConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * Lets the application deploy while its database is down (SPEC §3: the SIP connector journals
 * completed calls until the application can take them). The app server opens the persistence unit
 * when it deploys the application, and EclipseLink's log-in takes a connection twice: to find out
 * which database it talks to, and to start its pool. This customizer removes both:
 *
 * <ul>
 *   <li>The database platform comes from the database itself when it answers, otherwise from {@code
 *       callmail.db.platform} ({@code postgresql} or {@code h2}); with neither, the deployment
 *       fails as before and says which setting to give.
 *   <li>The pool over the container's data source starts without a connection; each unit of work
 *       takes its connection from the data source when it first needs one (as it always did), so
 *       until the database is back work fails with the data source's own error, which {@link
 *       DatabaseFailures} classifies as unavailable.
 * </ul>
 *
 * <p>Named in {@code persistence.xml} ({@code eclipselink.session.customizer}); the unit's {@code
 * eclipselink.target-database} there is only a placeholder that keeps EclipseLink from connecting
 * to detect the platform itself.
 */
public class StartWithoutDatabase implements SessionCustomizer {

  /** Configuration key naming the database product when it cannot be asked. */
  public static final String PLATFORM_KEY = "callmail.db.platform";

  private static final Logger LOG = Logger.getLogger(StartWithoutDatabase.class.getName());

  private static final Map<String, String> PLATFORMS =
      Map.of(
          "postgresql", "org.eclipse.persistence.platform.database.PostgreSQLPlatform",
          "h2", "org.eclipse.persistence.platform.database.H2Platform");

  @Override
  public void customize(Session session) {
    if (!(session instanceof ServerSession server)) {
      return;
    }
    DatasourceLogin login = (DatasourceLogin) server.getDatasourceLogin();
    login.setPlatformClassName(
        platformClassName(login.getConnector(), configuredPlatform(), server.getSessionLog()),
        StartWithoutDatabase.class.getClassLoader());
    // The pools are final only when the log-in starts (JPA sets up the data source after this).
    server
        .getEventManager()
        .addListener(
            new SessionEventAdapter() {
              @Override
              public void preLogin(SessionEvent event) {
                startPoolsWithoutConnection(server);
              }
            });
  }

  private static void startPoolsWithoutConnection(ServerSession server) {
    if (!server.getDatasourceLogin().shouldUseExternalConnectionPooling()) {
      return;
    }
    ConnectionPool defaultPool = server.getDefaultConnectionPool();
    ConnectionPool lazy =
        new PoolWithoutStartConnection(
            defaultPool != null ? defaultPool.getName() : "default",
            server.getDatasourceLogin(),
            server);
    server.getConnectionPools().put(lazy.getName(), lazy);
    server.setReadConnectionPool(lazy);
  }

  private static Optional<String> configuredPlatform() {
    return ConfigProvider.getConfig()
        .getOptionalValue(PLATFORM_KEY, String.class)
        .map(value -> value.strip().toLowerCase(Locale.ROOT))
        .filter(value -> !value.isEmpty());
  }

  /**
   * The platform of the database that answers, or the configured one while it does not.
   *
   * @throws IllegalStateException when the database does not answer and nothing is configured, or
   *     the configured value names no known database
   */
  static String platformClassName(
      Connector connector, Optional<String> configured, SessionLog log) {
    Optional<String[]> product = productOfDatabase(connector);
    if (product.isPresent()) {
      String[] p = product.get();
      return DBPlatformHelper.getDBPlatform(p[0], p[1], p[2], log);
    }
    String name =
        configured.orElseThrow(
            () ->
                new IllegalStateException(
                    "The database is not reachable and "
                        + PLATFORM_KEY
                        + " is not set, so the application cannot start before the database does;"
                        + " set "
                        + PLATFORM_KEY
                        + " to postgresql or h2"));
    String platform = PLATFORMS.get(name);
    if (platform == null) {
      throw new IllegalStateException(
          PLATFORM_KEY + " must be postgresql or h2, not \"" + name + "\"");
    }
    LOG.warning(
        () ->
            "Database not reachable at start; using "
                + PLATFORM_KEY
                + "="
                + name
                + " and connecting when the database is back");
    return platform;
  }

  /** The product name, minor and major version of the database, when it answers. */
  private static Optional<String[]> productOfDatabase(Connector connector) {
    if (!(connector instanceof JNDIConnector jndi)) {
      return Optional.empty();
    }
    try {
      DataSource dataSource = jndi.getDataSource();
      if (dataSource == null) {
        dataSource = (DataSource) new InitialContext().lookup(jndi.getName());
      }
      try (Connection connection = dataSource.getConnection()) {
        DatabaseMetaData meta = connection.getMetaData();
        return Optional.of(
            new String[] {
              meta.getDatabaseProductName(),
              String.valueOf(meta.getDatabaseMinorVersion()),
              String.valueOf(meta.getDatabaseMajorVersion())
            });
      }
    } catch (SQLException | NamingException | RuntimeException unreachable) {
      return Optional.empty();
    }
  }

  /**
   * The pool over the app server's data source, started without taking a connection: the accessor
   * it hands out (a copy each time) connects on first use, as EclipseLink's external pooling does
   * after start-up anyway.
   */
  private static final class PoolWithoutStartConnection extends ExternalConnectionPool {

    PoolWithoutStartConnection(String name, Login login, ServerSession owner) {
      super(name, login, owner);
    }

    @Override
    public synchronized void startUp() {
      if (isConnected()) {
        return;
      }
      setCachedConnection(new AccessorConnectedOnFirstUse(getLogin(), getOwner(), this));
      setIsConnected(true);
    }
  }

  /**
   * A database accessor that knows its log-in but has no connection yet; EclipseLink connects it
   * through the log-in when a unit of work first uses it.
   */
  private static final class AccessorConnectedOnFirstUse extends DatabaseAccessor {

    AccessorConnectedOnFirstUse(Login login, ServerSession session, ConnectionPool pool) {
      setLogin(login);
      setDatasourcePlatform(
          (DatasourcePlatform) session.getDatasourceLogin().getDatasourcePlatform());
      setPool(pool);
      createCustomizer(session);
    }
  }
}
