-- Development seed (embedded-default run only, never production): one watched line whose calls go
-- to a sipp callee on 127.0.0.1:5070, as README's quick start describes.
INSERT INTO service_line (id, phone_number, downstream_route, time_zone, created_at)
VALUES (1, '0312345678', 'sip:127.0.0.1:5070', 'Asia/Tokyo', CURRENT_TIMESTAMP);
