package jp.callmail.application;

import java.util.List;
import jp.callmail.domain.model.line.LineRouting;

/**
 * CDI event: the current transaction changed the routing of lines (created, re-routed, options that
 * change whether calls are watched, cancelled). Observed after the transaction commits, so that the
 * SIP connector on this instance routes the very next call by it; other instances read it at their
 * next refresh. Not fired for changes that leave routing alone (settings, passwords, failed-login
 * counters).
 *
 * @param routings the lines' routing as the transaction leaves it
 */
public record LineRoutingChanged(List<LineRouting> routings) {

  public LineRoutingChanged {
    routings = List.copyOf(routings);
  }
}
