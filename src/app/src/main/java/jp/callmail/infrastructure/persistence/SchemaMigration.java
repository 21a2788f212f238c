package jp.callmail.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import jp.callmail.application.SchemaMigrated;
import jp.callmail.application.SchemaReadiness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date before anything uses it. The SQL files under {@code db/}
 * are the one source of truth; Flyway's own lock keeps two instances from migrating at once.
 * Bean-managed transactions, because Flyway commits each migration itself. The few steps that SQL
 * cannot say the same way on H2 and PostgreSQL are Java migrations, listed in {@link
 * #javaMigrations()}.
 *
 * <p>A server that starts while its database is down must still come up: the SIP connector keeps
 * completed calls in its journal until the application can take them, and they are taken once the
 * database is back. So an unreachable database does not fail the deployment: the migration is tried
 * again every {@link #RETRY_SECONDS} s, and until it has run {@link #isMigrated()} is false and
 * calls are handed back to the connector.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@Local(SchemaReadiness.class)
public class SchemaMigration implements SchemaReadiness {

  static final int RETRY_SECONDS = 10;

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** Java migrations, given to Flyway by instance: no class-path scanning inside the server. */
  public static JavaMigration[] javaMigrations() {
    return new JavaMigration[] {new V8_1__Call_id_hash_backfill()};
  }

  @Resource(lookup = "jdbc/callmail")
  private DataSource dataSource;

  @Inject
  @ConfigProperty(name = "callmail.db.dev-seed", defaultValue = "false")
  private boolean devSeed;

  @Resource private TimerService timers;

  @Inject private DatabaseFailures failures;

  @Inject private Event<SchemaMigrated> schemaMigrated;

  private volatile boolean migrated;
  private final AtomicBoolean running = new AtomicBoolean();

  @PostConstruct
  void start() {
    if (!tryMigrate()) {
      timers.createIntervalTimer(
          RETRY_SECONDS * 1000L, RETRY_SECONDS * 1000L, new TimerConfig("schema-migration", false));
    }
  }

  @Timeout
  void retry(Timer timer) {
    if (tryMigrate()) {
      timer.cancel();
    }
  }

  @Override
  public boolean isMigrated() {
    return migrated;
  }

  private boolean tryMigrate() {
    if (migrated || !running.compareAndSet(false, true)) {
      return migrated;
    }
    try {
      String version = migrate();
      migrated = true;
      try {
        schemaMigrated.fire(new SchemaMigrated(version));
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "Start-up work after the schema migration failed", e);
      }
      return true;
    } catch (RuntimeException e) {
      if (!failures.isUnavailable(e)) {
        throw e; // a migration that fails on a reachable database is a defect: fail the deployment
      }
      LOG.warning(
          () ->
              "Database unavailable, schema not migrated yet; trying again every "
                  + RETRY_SECONDS
                  + " s ("
                  + failures.summary(e, 300)
                  + ")");
      return false;
    } finally {
      running.set(false);
    }
  }

  private String migrate() {
    String[] locations =
        devSeed
            ? new String[] {"classpath:db/migration", "classpath:db/dev"}
            : new String[] {"classpath:db/migration"};
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations(locations)
            .javaMigrations(javaMigrations())
            .ignoreMigrationPatterns("*:missing")
            .load()
            .migrate();
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied"
                + (devSeed ? ", with dev seed" : "")
                + ")");
    return result.targetSchemaVersion;
  }
}
