-- Natural order for room codes: "1-1-201" before "1-1-1001", "2-…" before "10-…", under any collation.
-- Digit-only segments are zero-padded to 8; others are kept as they are. IMMUTABLE so a generated column may use it.
CREATE OR REPLACE FUNCTION room_sort_key(code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(CASE WHEN s ~ '^[0-9]{1,8}$' THEN lpad(s, 8, '0') ELSE s END, '-' ORDER BY n)
  FROM unnest(string_to_array(code, '-')) WITH ORDINALITY AS u(s, n)
$$;
