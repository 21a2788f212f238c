-- callmail schema, version 14: one account per operator (issue 15), replacing the single shared
-- account from configuration. Passwords are stored as PBKDF2 hashes (the subscribers' settings);
-- role is ADMIN, SUPPORT or AUDITOR. Consecutive failures lock the account for a while.
-- Portable between H2 and PostgreSQL (see V1).
CREATE SEQUENCE operator_account_seq START WITH 1000 INCREMENT BY 50;
CREATE TABLE operator_account (
    id              BIGINT PRIMARY KEY,
    username        VARCHAR(64) NOT NULL,
    password_hash   VARCHAR(200) NOT NULL,
    role            VARCHAR(16) NOT NULL,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT operator_account_username UNIQUE (username),
    CONSTRAINT operator_account_role CHECK (role IN ('ADMIN', 'SUPPORT', 'AUDITOR'))
);
