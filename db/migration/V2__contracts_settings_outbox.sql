-- callmail schema, version 2: contracts, a line's notification settings, and the mail outbox.
-- Portable between H2 and PostgreSQL (see V1).

CREATE SEQUENCE contract_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE recipient_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE designated_caller_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE outbox_mail_seq START WITH 1000 INCREMENT BY 50;

-- A subscriber (契約者): holds one or more service lines.
CREATE TABLE contract (
  id            BIGINT       NOT NULL PRIMARY KEY,
  contract_code VARCHAR(32)  NOT NULL,
  name          VARCHAR(200) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  cancelled_at  TIMESTAMP WITH TIME ZONE,
  version       BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT uq_contract_code UNIQUE (contract_code)
);

-- Lines of version 1 belonged to no contract; they join a placeholder one so the column can be required.
INSERT INTO contract (id, contract_code, name, created_at) VALUES (1, 'LEGACY', 'Lines provisioned before contracts', CURRENT_TIMESTAMP);
ALTER TABLE service_line ADD COLUMN contract_id BIGINT;
UPDATE service_line SET contract_id = 1;
ALTER TABLE service_line ALTER COLUMN contract_id SET NOT NULL;
ALTER TABLE service_line ADD CONSTRAINT fk_service_line_contract FOREIGN KEY (contract_id) REFERENCES contract (id);

-- Options contracted on the line, and the subscriber's settings (SPEC §4).
ALTER TABLE service_line ADD COLUMN call_mail BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE service_line ADD COLUMN fax_mail BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_line ADD COLUMN active BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_line ADD COLUMN designated_only BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_line ADD COLUMN unanswered_only BOOLEAN DEFAULT FALSE NOT NULL;

-- 送信先メールアドレス: at most 5 per line (positions 1-5).
CREATE TABLE recipient (
  id           BIGINT       NOT NULL PRIMARY KEY,
  line_id      BIGINT       NOT NULL REFERENCES service_line (id),
  position     INTEGER      NOT NULL,
  address      VARCHAR(254) NOT NULL,
  send_enabled BOOLEAN      NOT NULL,
  mail_form    VARCHAR(8)   NOT NULL,
  charset      VARCHAR(16)  NOT NULL,
  CONSTRAINT uq_recipient_position UNIQUE (line_id, position),
  CONSTRAINT ck_recipient_position CHECK (position BETWEEN 1 AND 5)
);

-- 発信電話番号指定: at most 30 per line (positions 1-30).
CREATE TABLE designated_caller (
  id           BIGINT      NOT NULL PRIMARY KEY,
  line_id      BIGINT      NOT NULL REFERENCES service_line (id),
  position     INTEGER     NOT NULL,
  phone_number VARCHAR(24) NOT NULL,
  enabled      BOOLEAN     NOT NULL,
  CONSTRAINT uq_designated_position UNIQUE (line_id, position),
  CONSTRAINT ck_designated_position CHECK (position BETWEEN 1 AND 30)
);

-- One row per mail to send: written in the transaction that logs the call, sent after it commits.
-- The recipient, form and charset are copied so later settings changes do not alter queued mail.
CREATE TABLE outbox_mail (
  id              BIGINT       NOT NULL PRIMARY KEY,
  line_id         BIGINT       NOT NULL REFERENCES service_line (id),
  call_log_id     BIGINT       REFERENCES call_log (id),
  kind            VARCHAR(8)   NOT NULL,
  recipient       VARCHAR(254) NOT NULL,
  mail_form       VARCHAR(8)   NOT NULL,
  charset         VARCHAR(16)  NOT NULL,
  message_id      VARCHAR(255) NOT NULL,
  status          VARCHAR(12)  NOT NULL,
  attempts        INTEGER      NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  claimed_until   TIMESTAMP WITH TIME ZONE,
  last_reply      VARCHAR(1000),
  queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  sent_at         TIMESTAMP WITH TIME ZONE,
  version         BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT uq_outbox_message_id UNIQUE (message_id)
);

CREATE INDEX ix_outbox_due ON outbox_mail (status, next_attempt_at);
CREATE INDEX ix_outbox_call ON outbox_mail (call_log_id);
