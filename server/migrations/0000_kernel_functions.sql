-- 10 random bytes without pgcrypto (PGlite ships without it): taken from gen_random_uuid().
CREATE OR REPLACE FUNCTION gen_random_bytes_compat(n int) RETURNS bytea AS $$
  SELECT substring(decode(replace(gen_random_uuid()::text, '-', ''), 'hex') || decode(replace(gen_random_uuid()::text, '-', ''), 'hex') from 1 for n);
$$ LANGUAGE sql VOLATILE;
--> statement-breakpoint
-- Time-ordered UUID v7 generated inside the database, so set-based INSERT … SELECT gets the
-- same kind of ids as the application (kernel/db/ids.ts).
CREATE OR REPLACE FUNCTION uuid7() RETURNS uuid AS $$
DECLARE
  ms bigint := floor(extract(epoch from clock_timestamp()) * 1000);
  b bytea := decode(lpad(to_hex(ms), 12, '0'), 'hex') || gen_random_bytes_compat(10);
BEGIN
  b := set_byte(b, 6, (get_byte(b, 6) & 15) | 112);
  b := set_byte(b, 8, (get_byte(b, 8) & 63) | 128);
  RETURN encode(b, 'hex')::uuid;
END
$$ LANGUAGE plpgsql VOLATILE;
