-- Several phones per person (issue #4). Existing single phones become each person's primary phone.
INSERT INTO person_phones (person_id, company_id, label, is_primary, phone_enc, phone_bidx, sort)
SELECT id, company_id, 'self', true, phone_enc, phone_bidx, 0 FROM persons
WHERE phone_bidx IS NOT NULL AND phone_enc IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- persons.phone_enc/phone_bidx stay as the mirror of the primary phone. Code that still writes
-- only those columns (fixtures, demo seed, bulk imports) keeps person_phones in step through this
-- trigger: the ciphertext and blind index are copied as they are, no key needed in SQL.
CREATE OR REPLACE FUNCTION person_primary_phone_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.phone_bidx IS NULL OR NEW.phone_enc IS NULL THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM person_phones WHERE person_id = NEW.id AND phone_bidx = NEW.phone_bidx) THEN
    UPDATE person_phones SET is_primary = false WHERE person_id = NEW.id AND is_primary AND phone_bidx <> NEW.phone_bidx;
    UPDATE person_phones SET is_primary = true WHERE person_id = NEW.id AND NOT is_primary AND phone_bidx = NEW.phone_bidx;
  ELSE
    UPDATE person_phones SET is_primary = false WHERE person_id = NEW.id AND is_primary;
    INSERT INTO person_phones (person_id, company_id, label, is_primary, phone_enc, phone_bidx, sort)
    VALUES (NEW.id, NEW.company_id, 'self', true, NEW.phone_enc, NEW.phone_bidx, 0);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER persons_primary_phone_sync AFTER INSERT OR UPDATE OF phone_bidx ON persons
FOR EACH ROW EXECUTE FUNCTION person_primary_phone_sync();
--> statement-breakpoint
-- archive.event.review (R-ARC-5) was added to the catalog after companies were seeded: grant it to
-- the manager roles that hold it by default. Idempotent (only roles still missing it change).
UPDATE roles SET permissions = array_append(permissions, 'archive.event.review')
WHERE code IN ('company_admin', 'general_manager', 'community_manager') AND NOT ('archive.event.review' = ANY(permissions));
