package jp.callmail.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.resource.ResourceException;
import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jp.callmail.application.DatabaseFailureClassifier;

/**
 * Tells a database that cannot take work now from one that refuses this work. The difference
 * decides a completed-call record's fate: while the database is unavailable the record goes back to
 * the SIP connector, which journals it and delivers it again later; a refusal would come back the
 * same on every delivery, so the record is kept as a dead letter for an operator instead.
 *
 * <p>Unavailable: an SQLState of class 08 (connection exception), 53 (insufficient resources), 57
 * (operator intervention: shutdown, cancelled statement) or 40 (transaction rollback: deadlock,
 * serialization failure: the same work succeeds when tried again); H2's own codes for a broken or
 * closed database (90067, 90098, 90121, 90020); JDBC's connection exception types; a connector
 * resource that could not be allocated (the pool; {@link ResourceException}); the transaction
 * manager failing ({@link SystemException}). Anything else is a refusal.
 *
 * <p>A misjudged outage costs little: writing the dead letter needs the same database, fails too,
 * and the record goes back to the connector all the same.
 *
 * <p>Stateless: a CDI bean for the application (through its port) and a plain object elsewhere.
 */
@ApplicationScoped
public class DatabaseFailures implements DatabaseFailureClassifier {

  private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "40");
  private static final String UNIQUE_VIOLATION = "23505";
  private static final Set<String> H2_UNAVAILABLE = Set.of("90067", "90098", "90121", "90020");

  @Override
  public boolean isUnavailable(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof ResourceException
          || t instanceof SystemException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean violates(Throwable failure, String constraint) {
    String name = constraint.toLowerCase(Locale.ROOT);
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        // getNextException: the statements of a batch (JDBC batch writing)
        SQLException e = sql;
        for (int i = 0; e != null && i < 1000; i++, e = e.getNextException()) {
          if (UNIQUE_VIOLATION.equals(e.getSQLState())
              && e.getMessage() != null
              && e.getMessage().toLowerCase(Locale.ROOT).contains(name)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean unavailableState(String state) {
    if (state == null || state.length() != 5) {
      return false;
    }
    return UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || H2_UNAVAILABLE.contains(state);
  }

  /** One line naming the failure and its causes ("Type: message <- Type: message"). */
  @Override
  public String summary(Throwable failure, int max) {
    StringBuilder text = new StringBuilder();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure;
        t != null && seen.put(t, Boolean.TRUE) == null && text.length() < max;
        t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage().replaceAll("\\s+", " ").strip());
      }
    }
    return text.length() <= max ? text.toString() : text.substring(0, max);
  }
}
