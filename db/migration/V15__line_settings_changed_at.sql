-- callmail schema, version 15: each instance holds the lines' notification settings in memory, so
-- that a completed call reads nothing but what it writes. A change made on this instance reaches
-- its copy at commit; the other instances sharing the database ask every few seconds for the lines
-- whose settings changed since (options, 開始/停止, conditions, addresses, designated callers, time
-- zone, cancellation). This column says when that last happened; the index finds the changes.
ALTER TABLE service_line ADD COLUMN settings_changed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX ix_service_line_settings_changed ON service_line (settings_changed_at);
