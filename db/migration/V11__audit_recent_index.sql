-- The console's "recent activity" (every target, newest first) reads audit_event by time alone.
CREATE INDEX ix_audit_event_occurred_at ON audit_event (occurred_at);
