package jp.callmail.domain.model.line;

import java.time.Instant;
import java.util.List;

/**
 * The routing of service lines, read as {@link LineRouting} rows rather than entities, so that the
 * SIP connector's line table can be loaded and refreshed every few seconds cheaply. Implemented
 * with JPA in {@code infrastructure.persistence}.
 */
public interface LineRoutingRepository {

  /** Every line's routing, cancelled lines included (they are unwatched). */
  List<LineRouting> all();

  /** The lines whose routing was stamped as changed at or after {@code since}. */
  List<LineRouting> changedSince(Instant since);
}
