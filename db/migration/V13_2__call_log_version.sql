-- callmail schema, version 13.2: a call log row changes after it is written (a kind change to FAX),
-- so it gets an optimistic lock version: two changes at once never both make the fax mails.
-- Portable between H2 and PostgreSQL (see V1).
ALTER TABLE call_log ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
