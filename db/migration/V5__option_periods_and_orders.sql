-- callmail schema, version 5: what the monthly charge report bills (SPEC §8).
-- Portable between H2 and PostgreSQL (see V1).

CREATE SEQUENCE option_period_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE service_order_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE service_order_item_seq START WITH 1000 INCREMENT BY 50;

-- A time during which a line had an option (CALL_MAIL 着信お知らせメール, FAX_MAIL FAXお知らせメール):
-- opened when the option is ordered, closed when it is removed or the line is cancelled. Half-open:
-- [started_at, ended_at); ended_at is NULL while the option lasts.
CREATE TABLE option_period (
  id             BIGINT      NOT NULL PRIMARY KEY,
  line_id        BIGINT      NOT NULL REFERENCES service_line (id),
  service_option VARCHAR(16) NOT NULL,
  started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at       TIMESTAMP WITH TIME ZONE,
  CONSTRAINT ck_option_period_option CHECK (service_option IN ('CALL_MAIL', 'FAX_MAIL')),
  CONSTRAINT ck_option_period_times CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX ix_option_period_line ON option_period (line_id, service_option);
CREATE INDEX ix_option_period_started ON option_period (started_at);

-- An order (工事) that added options to numbers of a contract. Work fees are billed in the month of
-- ordered_at, unless the options came together with the phone service itself (with_phone_service).
CREATE TABLE service_order (
  id                 BIGINT       NOT NULL PRIMARY KEY,
  contract_id        BIGINT       NOT NULL REFERENCES contract (id),
  ordered_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  with_phone_service BOOLEAN      NOT NULL,
  ordered_by         VARCHAR(100) NOT NULL
);
CREATE INDEX ix_service_order_time ON service_order (ordered_at);

-- The numbers and options of an order: one per-number work fee each.
CREATE TABLE service_order_item (
  id             BIGINT      NOT NULL PRIMARY KEY,
  order_id       BIGINT      NOT NULL REFERENCES service_order (id),
  line_id        BIGINT      NOT NULL REFERENCES service_line (id),
  service_option VARCHAR(16) NOT NULL,
  CONSTRAINT uq_service_order_item UNIQUE (order_id, line_id, service_option),
  CONSTRAINT ck_service_order_item_option CHECK (service_option IN ('CALL_MAIL', 'FAX_MAIL'))
);

-- Lines provisioned before version 5 have had their current options since they were created (the
-- best that is known), until their cancellation if any. No work fees are billed for them. Their ids
-- are negative so that they can never meet the sequence's (no portable nextval in one statement).
INSERT INTO option_period (id, line_id, service_option, started_at, ended_at)
  SELECT -2 * id, id, 'CALL_MAIL', created_at, cancelled_at FROM service_line WHERE call_mail = TRUE;
INSERT INTO option_period (id, line_id, service_option, started_at, ended_at)
  SELECT -2 * id - 1, id, 'FAX_MAIL', created_at, cancelled_at FROM service_line WHERE fax_mail = TRUE;
