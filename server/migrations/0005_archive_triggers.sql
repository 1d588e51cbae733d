-- The archive access log is append-only (R-ARC-6): no API changes it, and SQL cannot either.
-- refuse_change() comes from 0002_kernel_triggers.
CREATE TRIGGER archive_access_log_append_only BEFORE UPDATE OR DELETE ON archive_access_log FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER archive_access_log_no_truncate BEFORE TRUNCATE ON archive_access_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
