package jp.callmail.application;

/**
 * CDI event fired once the database schema is migrated (at start-up, or later when the database was
 * down): the moment for start-up work that needs the tables, such as the first operator.
 */
public record SchemaMigrated(String version) {}
