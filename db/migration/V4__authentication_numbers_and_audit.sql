-- callmail schema, version 4: authentication numbers (認証用番号, SPEC §2, §6) and the audit log.

-- Other numbers of a line's contract that may call the IVR to set the line's temporary password.
CREATE TABLE authentication_number (
  line_id      BIGINT      NOT NULL REFERENCES service_line (id),
  phone_number VARCHAR(20) NOT NULL,
  CONSTRAINT pk_authentication_number PRIMARY KEY (line_id, phone_number)
);
CREATE INDEX ix_authentication_number ON authentication_number (phone_number);

-- What was done to a line or contract, by whom (an operator's name, "ivr:<caller>", "portal:<line>").
CREATE SEQUENCE audit_event_seq START WITH 1000 INCREMENT BY 50;
CREATE TABLE audit_event (
  id          BIGINT        NOT NULL PRIMARY KEY,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor       VARCHAR(100)  NOT NULL,
  action      VARCHAR(60)   NOT NULL,
  target      VARCHAR(60)   NOT NULL,
  detail      VARCHAR(2000)
);
CREATE INDEX ix_audit_event_target ON audit_event (target, occurred_at);
