-- callmail schema, version 6: every reported call is first checked against the call log by its
-- Call-ID (a delivery retried by the SIP connector must not log or mail twice). Without an index
-- that check scanned the whole call log per call: 22% of the CPU under the benchmark (it/bench).
CREATE INDEX ix_call_log_call_id ON call_log (call_id);
