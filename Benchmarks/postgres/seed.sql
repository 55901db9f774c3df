-- The same world nailbook-load makes: :merchants merchants × :staff_per_merchant technicians, a 60- and a 90-minute
-- service and 3 customers each. Ids are dense so that book.pgbench can compute a technician's merchant.
-- psql -v merchants=100 -v staff_per_merchant=10 -f seed.sql
INSERT INTO merchants (id, name)
SELECT m, 'Load salon ' || m FROM generate_series(1, :merchants) AS m;

INSERT INTO staff (id, merchant_id, name)
SELECT s, (s - 1) / :staff_per_merchant + 1, 'Tech ' || s
FROM generate_series(1, :merchants * :staff_per_merchant) AS s;

-- Odd ids last 60 minutes, even ids 90.
INSERT INTO services (id, merchant_id, name, duration_minutes)
SELECT v, (v - 1) / 2 + 1, 'Gel ' || v, CASE WHEN v % 2 = 1 THEN 60 ELSE 90 END
FROM generate_series(1, :merchants * 2) AS v;

INSERT INTO customers (id, merchant_id, display_name, line_user_id)
SELECT c, (c - 1) / 3 + 1, 'Customer ' || c, 'Uload' || c
FROM generate_series(1, :merchants * 3) AS c;

ANALYZE;
