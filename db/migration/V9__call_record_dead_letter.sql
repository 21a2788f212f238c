-- callmail schema, version 9: completed-call records that the application refused (an error that
-- is not the database being unavailable), kept with everything needed to record them again, until
-- an operator has them recorded (resolved_at). Portable between H2 and PostgreSQL (see V1).
-- Text columns are generous and the application cuts what exceeds them: a dead letter must
-- always be writable, since it is the record's last place.
CREATE SEQUENCE call_record_dead_letter_seq START WITH 1000 INCREMENT BY 50;
CREATE TABLE call_record_dead_letter (
  id              BIGINT         NOT NULL PRIMARY KEY,
  call_id         VARCHAR(65536) NOT NULL,
  call_id_hash    CHAR(64)       NOT NULL,
  called_number   VARCHAR(255)   NOT NULL,
  call_time       TIMESTAMP WITH TIME ZONE NOT NULL,
  caller_number   VARCHAR(255)   NOT NULL,
  withheld_reason VARCHAR(16)    NOT NULL,
  ringing_seconds BIGINT         NOT NULL,
  outcome         VARCHAR(16)    NOT NULL,
  reason          VARCHAR(2000)  NOT NULL,
  attempts        INTEGER        NOT NULL,
  received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at     TIMESTAMP WITH TIME ZONE,
  resolution      VARCHAR(300),
  version         BIGINT         NOT NULL DEFAULT 0
);
CREATE INDEX ix_dead_letter_open ON call_record_dead_letter (resolved_at, received_at);
CREATE INDEX ix_dead_letter_call ON call_record_dead_letter (call_id_hash);
