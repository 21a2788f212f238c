-- callmail schema, version 3: the subscriber's credentials of a line (SPEC §6, §7).
-- Passwords are stored only as PBKDF2-HMAC-SHA256 hashes ("pbkdf2-sha256$iterations$salt$hash").
ALTER TABLE service_line ADD COLUMN password_hash VARCHAR(200);
ALTER TABLE service_line ADD COLUMN temp_password_hash VARCHAR(200);
ALTER TABLE service_line ADD COLUMN temp_password_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE service_line ADD COLUMN failed_logins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE service_line ADD COLUMN password_invalidated BOOLEAN DEFAULT FALSE NOT NULL;
