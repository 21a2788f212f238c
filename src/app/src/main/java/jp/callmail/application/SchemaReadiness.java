package jp.callmail.application;

/**
 * Port: whether the database schema is up to date, so that the application may use the database.
 * Implemented by {@code infrastructure.persistence.SchemaMigration}: a server that starts while its
 * database is down still comes up, and until the migration has run a completed call goes back to
 * the SIP connector instead of failing against an old schema.
 */
public interface SchemaReadiness {

  boolean isMigrated();
}
