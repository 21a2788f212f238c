-- The token of the claim that holds an outbox row (issue 12). A claim stamps a fresh token on its
-- rows with the lease; the sender renews the lease, releases the rows and records their outcomes
-- only where the token is still its own, so that a sender whose lease ran out (a relay that stalled)
-- never overwrites the outcome of the sender that took the row over, nor sends it as well. Always
-- used with the row's id (the primary key), so it needs no index.
ALTER TABLE outbox_mail ADD COLUMN lease_token VARCHAR(36);
