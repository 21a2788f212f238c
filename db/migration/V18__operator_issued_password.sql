-- callmail schema, version 18: a password an admin issued (a new account's first one, or a reset)
-- is a one-time secret (ASVS 2.3.1): the person must replace it at the next login, and it expires
-- unused at this time. NULL: the person chose the password. Portable between H2 and PostgreSQL.
ALTER TABLE operator_account ADD COLUMN password_expires_at TIMESTAMP WITH TIME ZONE;
