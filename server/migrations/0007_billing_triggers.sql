-- The money ledger and the public-income ledger are append-only: corrections are new entries.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER public_income_entries_append_only BEFORE UPDATE OR DELETE ON public_income_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER dunning_contacts_append_only BEFORE UPDATE OR DELETE ON dunning_contacts FOR EACH ROW EXECUTE FUNCTION refuse_change();
