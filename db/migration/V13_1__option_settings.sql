-- callmail schema, version 13.1: the FAXお知らせメール option's own settings and credentials,
-- beside the call-mail option's (SPEC §4): its addresses are recipients keyed by option, its
-- 開始/停止 and passwords are columns of the line like the call mail's; and every outbox mail names
-- the option it belongs to (the fax mail of a call, or a test mail or password notice of an option).
-- Portable between H2 and PostgreSQL (see V1).
ALTER TABLE recipient ADD COLUMN service_option VARCHAR(16) DEFAULT 'CALL_MAIL' NOT NULL;
ALTER TABLE recipient DROP CONSTRAINT uq_recipient_position;
ALTER TABLE recipient ADD CONSTRAINT uq_recipient_position UNIQUE (line_id, service_option, position);

ALTER TABLE service_line ADD COLUMN fax_active BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_line ADD COLUMN fax_password_hash VARCHAR(200);
ALTER TABLE service_line ADD COLUMN fax_temp_password_hash VARCHAR(200);
ALTER TABLE service_line ADD COLUMN fax_temp_password_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE service_line ADD COLUMN fax_failed_logins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE service_line ADD COLUMN fax_password_invalidated BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE outbox_mail ADD COLUMN service_option VARCHAR(16) DEFAULT 'CALL_MAIL' NOT NULL;
ALTER TABLE call_log ADD COLUMN fax_mail_decision VARCHAR(255);
