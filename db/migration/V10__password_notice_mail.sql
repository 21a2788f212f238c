-- callmail schema, version 10: a mail to every address of a line when its temporary password is
-- set (by the IVR or an operator). The outbox row carries what the mail tells: when, how (and from
-- which number), and until when the password is valid; never the password.
-- Portable between H2 and PostgreSQL (see V1).
ALTER TABLE outbox_mail ALTER COLUMN kind SET DATA TYPE VARCHAR(16);
ALTER TABLE outbox_mail ADD COLUMN notice_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_mail ADD COLUMN notice_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_mail ADD COLUMN notice_via VARCHAR(16);
ALTER TABLE outbox_mail ADD COLUMN notice_caller VARCHAR(24);
