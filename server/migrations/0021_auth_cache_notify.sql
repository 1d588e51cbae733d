-- Every change that alters a logged-in caller tells every node (NOTIFY 'auth_cache', delivered
-- at commit) so the per-node actor caches drop the stale entries (kernel/auth/actor-cache.ts).
-- TG_ARGV[0]: payload prefix; TG_ARGV[1]: the column whose value completes it.
CREATE OR REPLACE FUNCTION auth_cache_notify() RETURNS trigger AS $$
DECLARE
  v text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v := to_jsonb(OLD) ->> TG_ARGV[1];
    IF v IS NOT NULL THEN PERFORM pg_notify('auth_cache', TG_ARGV[0] || v); END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v := to_jsonb(NEW) ->> TG_ARGV[1];
    IF v IS NOT NULL THEN PERFORM pg_notify('auth_cache', TG_ARGV[0] || v); END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Role definitions: everybody holding the role is affected, so every cache is emptied.
CREATE OR REPLACE FUNCTION auth_cache_notify_all() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('auth_cache', '*');
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Ended sessions, once per statement: a mass purge empties the caches instead of one NOTIFY per row.
CREATE OR REPLACE FUNCTION auth_cache_sessions_ended() RETURNS trigger AS $$
BEGIN
  IF (SELECT count(*) FROM ended) > 100 THEN
    PERFORM pg_notify('auth_cache', '*');
  ELSE
    PERFORM pg_notify('auth_cache', 's:' || token_hash) FROM ended;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_auth_cache_update AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.company_id IS DISTINCT FROM NEW.company_id
        OR OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION auth_cache_notify('u:', 'id');
--> statement-breakpoint
CREATE TRIGGER users_auth_cache_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION auth_cache_notify('u:', 'id');
--> statement-breakpoint
CREATE TRIGGER user_roles_auth_cache AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH ROW EXECUTE FUNCTION auth_cache_notify('u:', 'user_id');
--> statement-breakpoint
CREATE TRIGGER roles_auth_cache AFTER UPDATE OR DELETE ON roles FOR EACH STATEMENT EXECUTE FUNCTION auth_cache_notify_all();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_cache AFTER DELETE ON sessions REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION auth_cache_sessions_ended();
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_cache_update AFTER UPDATE OF revoked_at, expires_at, user_id ON api_tokens FOR EACH ROW EXECUTE FUNCTION auth_cache_notify('t:', 'token_hash');
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_cache_delete AFTER DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION auth_cache_notify('t:', 'token_hash');
--> statement-breakpoint
CREATE TRIGGER room_occupancies_auth_cache AFTER INSERT OR UPDATE OR DELETE ON room_occupancies FOR EACH ROW EXECUTE FUNCTION auth_cache_notify('p:', 'person_id');
