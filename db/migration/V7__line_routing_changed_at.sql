-- callmail schema, version 7: the SIP connector holds every line's route in memory and asks every
-- few seconds for the lines whose route changed (number watched or not, downstream route). This
-- column says when that last happened; the application stamps it and the index finds the changes.
ALTER TABLE service_line ADD COLUMN routing_changed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX ix_service_line_routing_changed ON service_line (routing_changed_at);
