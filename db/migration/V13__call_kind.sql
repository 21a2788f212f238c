-- callmail schema, version 13: a call's kind (VOICE, or FAX when its session became T.38) on the
-- call log and on dead letters; and kind changes that arrived before their call's record, kept
-- (one per line and Call-ID hash, like the call log) until the record takes them.
-- Portable between H2 and PostgreSQL (see V1).
ALTER TABLE call_log ADD COLUMN kind VARCHAR(8) DEFAULT 'VOICE' NOT NULL;
ALTER TABLE call_record_dead_letter ADD COLUMN kind VARCHAR(8) DEFAULT 'VOICE' NOT NULL;

CREATE SEQUENCE call_kind_change_seq START WITH 1000 INCREMENT BY 50;
CREATE TABLE call_kind_change (
  id           BIGINT   NOT NULL PRIMARY KEY,
  line_id      BIGINT   NOT NULL REFERENCES service_line (id),
  call_id_hash CHAR(64) NOT NULL,
  kind         VARCHAR(8) NOT NULL,
  changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_call_kind_change UNIQUE (line_id, call_id_hash)
);
