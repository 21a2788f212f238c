package jp.callmail.application;

/**
 * Port: tells a database that cannot take work now from one that refuses this work. The difference
 * decides a completed call's fate: while the database is unavailable the record goes back to the
 * SIP connector, which journals it and delivers it again; a refusal would come back the same on
 * every delivery, so the call is kept as a dead letter instead. Implemented by {@code
 * infrastructure.persistence.DatabaseFailures}, which knows SQLStates, drivers and the pool.
 */
public interface DatabaseFailureClassifier {

  /** Whether {@code failure}, or anything it was caused by, says the database is unavailable. */
  boolean isUnavailable(Throwable failure);

  /**
   * Whether {@code failure}, or anything it was caused by, is the database refusing a row that
   * would break the unique constraint {@code constraint} (SQLState 23505 naming it).
   */
  boolean violates(Throwable failure, String constraint);

  /** One line naming the failure and its causes, for operators; at most {@code max} characters. */
  String summary(Throwable failure, int max);
}
