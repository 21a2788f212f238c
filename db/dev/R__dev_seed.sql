-- Development seed for the embedded-default run (H2 only; enabled by callmail.db.dev-seed=true,
-- never in production). A repeatable migration: it runs after every versioned one and again when
-- this file changes, so MERGE keeps it idempotent.
--
-- Contract DEV-0001 with the watched line 0312345678: started, calls go to a sipp callee on
-- 127.0.0.1:5070, mail goes to office@callmail.test, readable in the local mail sink (README).
MERGE INTO contract (id, contract_code, name, created_at)
  KEY (id) VALUES (2, 'DEV-0001', '開発用テスト株式会社', CURRENT_TIMESTAMP);
MERGE INTO service_line (id, phone_number, downstream_route, time_zone, created_at, contract_id, active)
  KEY (id) VALUES (1, '0312345678', 'sip:127.0.0.1:5070', 'Asia/Tokyo', CURRENT_TIMESTAMP, 2, TRUE);
-- Its call-mail option, for the charge report (same id as V5 gives the periods of older lines).
MERGE INTO option_period (id, line_id, service_option, started_at)
  KEY (id) VALUES (-2, 1, 'CALL_MAIL', CURRENT_TIMESTAMP);
MERGE INTO recipient (id, line_id, position, address, send_enabled, mail_form, charset)
  KEY (id) VALUES (1, 1, 1, 'office@callmail.test', TRUE, 'PC', 'UTF_8');
