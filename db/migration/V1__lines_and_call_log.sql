-- callmail schema, version 1: service lines and the call log.
-- Written once for H2 (embedded default) and PostgreSQL (production): plain SQL types only,
-- sequences rather than identity columns (EclipseLink's identity support fails on H2 2.x).
-- Sequences start at 1000 so that hand-written seed rows (ids below 1000) never collide.

CREATE SEQUENCE service_line_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE call_log_seq START WITH 1000 INCREMENT BY 50;

-- A phone number with the call-mail option. Its calls are watched while it is not cancelled.
CREATE TABLE service_line (
  id               BIGINT       NOT NULL PRIMARY KEY,
  phone_number     VARCHAR(20)  NOT NULL,
  downstream_route VARCHAR(255),
  time_zone        VARCHAR(64)  NOT NULL DEFAULT 'Asia/Tokyo',
  cancelled_at     TIMESTAMP WITH TIME ZONE,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  version          BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT uq_service_line_number UNIQUE (phone_number)
);

-- One row per completed call to a service line, as the SIP connector reported it (SPEC §3).
CREATE TABLE call_log (
  id               BIGINT       NOT NULL PRIMARY KEY,
  call_id          VARCHAR(255) NOT NULL,
  line_id          BIGINT       NOT NULL REFERENCES service_line (id),
  called_number    VARCHAR(20)  NOT NULL,
  call_time        TIMESTAMP WITH TIME ZONE NOT NULL,
  caller_number    VARCHAR(24)  NOT NULL,
  withheld_reason  VARCHAR(16)  NOT NULL,
  ringing_seconds  INTEGER      NOT NULL,
  outcome          VARCHAR(16)  NOT NULL,
  mail_decision    VARCHAR(255),
  recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_call_log_call UNIQUE (line_id, call_id)
);

CREATE INDEX ix_call_log_line_time ON call_log (line_id, call_time);
