-- callmail schema, version 8.2: every row has its Call-ID's hash (V8.1); a Call-ID is logged once
-- per line, and a delivery retried by the SIP connector finds it by the hash's index.
ALTER TABLE call_log ALTER COLUMN call_id_hash SET NOT NULL;
ALTER TABLE call_log ADD CONSTRAINT uq_call_log_call_hash UNIQUE (line_id, call_id_hash);
CREATE INDEX ix_call_log_call_id_hash ON call_log (call_id_hash);
