-- The seed's schema for the side-by-side benchmark: what Nailbook keeps, as PostgreSQL would keep it.
-- No two bookings of one technician overlap: an exclusion constraint on (staff, time range).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE merchants (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    time_zone text NOT NULL DEFAULT 'Asia/Taipei',
    slot_minutes int NOT NULL DEFAULT 15,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
    id bigint PRIMARY KEY,
    merchant_id bigint NOT NULL REFERENCES merchants (id),
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true
);

CREATE TABLE services (
    id bigint PRIMARY KEY,
    merchant_id bigint NOT NULL REFERENCES merchants (id),
    name text NOT NULL,
    duration_minutes int NOT NULL CHECK (duration_minutes BETWEEN 5 AND 600)
);

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    merchant_id bigint NOT NULL REFERENCES merchants (id),
    display_name text NOT NULL,
    line_user_id text,
    UNIQUE (merchant_id, line_user_id)
);

CREATE TABLE bookings (
    id bigserial PRIMARY KEY,
    merchant_id bigint NOT NULL REFERENCES merchants (id),
    staff_id bigint NOT NULL REFERENCES staff (id),
    service_id bigint NOT NULL REFERENCES services (id),
    customer_id bigint NOT NULL REFERENCES customers (id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'confirmed',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at),
    EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

CREATE INDEX bookings_merchant_starts_at ON bookings (merchant_id, starts_at);

-- Books a slot; a taken slot is a result ('overlap'), not an error, as Nailbook answers 409.
CREATE FUNCTION book(
    p_staff bigint, p_customer bigint, p_service bigint, p_starts_at timestamptz, p_ends_at timestamptz
) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_merchant bigint;
BEGIN
    SELECT merchant_id INTO v_merchant FROM staff WHERE id = p_staff AND active;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    INSERT INTO bookings (merchant_id, staff_id, service_id, customer_id, starts_at, ends_at)
    VALUES (v_merchant, p_staff, p_service, p_customer, p_starts_at, p_ends_at);
    RETURN 'booked';
EXCEPTION WHEN exclusion_violation THEN
    RETURN 'overlap';
END
$$;
