package jp.callmail.sip.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.LineRoutingUpdates;
import jp.callmail.sip.connector.proxy.LineLookup;

/**
 * Every line's route, held in memory so that a call never waits for the application or its
 * database: loaded whole when an application starts listening and every {@link #FULL_RELOAD},
 * refreshed with the lines changed since the last answer in between, and told at once of the
 * routing changes the application commits itself ({@link #routesChanged}).
 *
 * <p>Until the first load arrives, a number is asked of the application one call at a time. While
 * the application cannot answer a refresh (redeploying, database down), the table keeps what it
 * has: an old route is better than treating watched lines as unwatched and losing their calls.
 */
final class LineTable implements LineLookup, LineTableMXBean, LineRoutingUpdates {

  private static final Logger LOG = Logger.getLogger(LineTable.class.getName());
  static final Duration FULL_RELOAD = Duration.ofMinutes(10);

  /**
   * Asks the application for the routes changed since a moment (null: all); null when none listens.
   */
  interface Source {
    CompletionStage<LineRoutes> routes(Instant changedSince);
  }

  private final Source source;
  private final Function<String, LineRoute> oneByOne;
  private final LongSupplier nanoTime;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Map<String, LineRoute> routes; // null until loaded
  private volatile Instant asOf;
  private long loadedAtNanos;
  private long generation; // a clear() makes answers to earlier requests stale
  private boolean failing;

  /**
   * @param source the application's answers for refreshes
   * @param oneByOne the application's answer for one number before the first load; null when it
   *     cannot answer
   */
  LineTable(Source source, Function<String, LineRoute> oneByOne, LongSupplier nanoTime) {
    this.source = source;
    this.oneByOne = oneByOne;
    this.nanoTime = nanoTime;
  }

  @Override
  public LineRoute lookup(String calledNumber) {
    Map<String, LineRoute> table = routes;
    LineRoute route = table != null ? table.get(calledNumber) : oneByOne.apply(calledNumber);
    return route != null ? route : LineRoute.unwatched(calledNumber);
  }

  /** Asks the application for what changed; does nothing while an earlier request is unanswered. */
  void refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    boolean whole;
    Instant since;
    long requestGeneration;
    synchronized (this) {
      whole = routes == null || nanoTime.getAsLong() - loadedAtNanos >= FULL_RELOAD.toNanos();
      since = whole ? null : asOf;
      requestGeneration = generation;
    }
    CompletionStage<LineRoutes> answer;
    try {
      answer = source.routes(since);
    } catch (RuntimeException e) {
      refreshing.set(false);
      failed(e);
      return;
    }
    if (answer == null) {
      refreshing.set(false); // no application is listening
      return;
    }
    answer.whenComplete(
        (result, failure) -> {
          try {
            if (failure != null) {
              failed(failure);
            } else {
              apply(result, whole, requestGeneration);
            }
          } finally {
            refreshing.set(false);
          }
        });
  }

  private synchronized void apply(LineRoutes answer, boolean whole, long requestGeneration) {
    if (requestGeneration != generation) {
      return; // asked of an application that has gone since
    }
    if (whole) {
      Map<String, LineRoute> table =
          new ConcurrentHashMap<>(Math.max(16, answer.routes().size() * 2));
      answer.routes().forEach(route -> put(table, route));
      routes = table;
      loadedAtNanos = nanoTime.getAsLong();
      LOG.info(() -> "Line table loaded: " + table.size() + " lines");
    } else {
      answer.routes().forEach(route -> put(routes, route));
    }
    asOf = answer.asOf();
    if (failing && !whole) {
      LOG.info("Line table refreshed again");
    }
    failing = false;
  }

  private synchronized void failed(Throwable failure) {
    if (failing) {
      return; // said once per outage, not every few seconds
    }
    failing = true;
    String why = innermost(failure).toString();
    if (routes == null) {
      // e.g. at start-up, before the application's database migrations have run
      LOG.info(
          () ->
              "Line table not loaded yet ("
                  + why
                  + "); calls are looked up one by one until it is");
    } else {
      LOG.warning(
          () ->
              "Line table not refreshed ("
                  + why
                  + "); calls use the routes it has until the application answers");
    }
    LOG.log(Level.FINE, "Line table refresh failure", failure);
  }

  private static Throwable innermost(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void put(Map<String, LineRoute> table, LineRoute route) {
    if (route.watched() || route.downstreamRoute() != null) {
      table.put(route.number(), route);
    } else {
      table.remove(route.number()); // as good as absent: unwatched, default next hop
    }
  }

  /** Before the first load there is nothing to update: that load brings the change too. */
  @Override
  public void routesChanged(List<LineRoute> changed) {
    Map<String, LineRoute> table = routes;
    if (table != null) {
      changed.forEach(route -> put(table, route));
    }
  }

  /** Forgets everything, e.g. when the application that answered stops listening. */
  synchronized void clear() {
    generation++;
    routes = null;
    asOf = null;
  }

  @Override
  public int getSize() {
    Map<String, LineRoute> table = routes;
    return table == null ? -1 : table.size();
  }

  @Override
  public String getAsOf() {
    Instant current = asOf;
    return current == null ? "" : current.toString();
  }
}
