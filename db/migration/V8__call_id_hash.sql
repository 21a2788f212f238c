-- callmail schema, version 8: any Call-ID is recorded (RFC 3261 sets no length; 406 characters
-- failed the 255 of version 1, and the SIP connector then dropped the record). The Call-ID is kept
-- whole; uniqueness and lookup move to a fixed-size SHA-256 of it (PostgreSQL's B-tree refuses
-- entries over about 2.7 kB). Portable between H2 and PostgreSQL (see V1).
-- V8.1 (a Java migration: no SHA-256 in SQL that both databases share) fills the hash of the rows
-- already there; V8.2 then makes it required and unique per line.
ALTER TABLE call_log DROP CONSTRAINT uq_call_log_call;
DROP INDEX ix_call_log_call_id;
ALTER TABLE call_log ALTER COLUMN call_id SET DATA TYPE VARCHAR(65536);
ALTER TABLE call_log ADD COLUMN call_id_hash CHAR(64);
