import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';

/** Common areas and equipment as places where something is reported (intake, QR codes). */
export interface Place {
  communityId: string;
  kind: 'common_area' | 'equipment';
  id: string;
  name: string;
  /** Equipment kind (elevator, fire …) → suggests the work type. */
  equipmentKind: string | null;
}

export async function findPlace(db: Db, kind: Place['kind'], id: string): Promise<Place | null> {
  const [r] =
    kind === 'equipment'
      ? await rows<{ community_id: string; name: string; kind: string; location: string }>(db, sql`SELECT community_id, name, kind, location FROM equipment WHERE id = ${id}`)
      : await rows<{ community_id: string; name: string; kind: null; location: string }>(db, sql`SELECT community_id, name, NULL AS kind, '' AS location FROM common_areas WHERE id = ${id}`);
  if (!r) return null;
  return { communityId: r.community_id, kind, id, name: r.location ? `${r.name}（${r.location}）` : r.name, equipmentKind: r.kind };
}
