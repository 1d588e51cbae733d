import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';
import { ARCHIVE_CODE_RAW } from './rooms.lookup.ts';
import { checklistItems, packageDocuments, roomPackages, PACKAGE_KINDS, type PackageKind } from './archive.tables.ts';
import { DEFAULT_CHECKLISTS } from './checklist.defaults.ts';

/** Seeds the default checklists for a community the first time its archive is used. */
export async function ensureChecklists(db: Db, communityId: string): Promise<void> {
  const [has] = await db.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.communityId, communityId)).limit(1);
  if (has) return;
  const values = PACKAGE_KINDS.flatMap((kind) =>
    DEFAULT_CHECKLISTS[kind].map((i, n) => ({ communityId, packageKind: kind, code: i.code, nameZh: i.zh, nameEn: i.en, required: i.required ?? true, sort: n + 1 })),
  );
  await db.insert(checklistItems).values(values).onConflictDoNothing();
}

export async function checklistOf(db: Db, communityId: string) {
  await ensureChecklists(db, communityId);
  return db.select().from(checklistItems).where(eq(checklistItems.communityId, communityId)).orderBy(asc(checklistItems.packageKind), asc(checklistItems.sort));
}

export async function openPackage(db: Db, communityId: string, roomId: string, kind: PackageKind, openedOn: string) {
  await ensureChecklists(db, communityId);
  const [p] = await db.insert(roomPackages).values({ communityId, roomId, packageKind: kind, openedOn }).returning();
  return p;
}

/** A room's packages with each item: collected (with files) or missing. */
export async function roomDocuments(db: Db, communityId: string, roomId: string) {
  await ensureChecklists(db, communityId);
  const packages = await db.select().from(roomPackages).where(eq(roomPackages.roomId, roomId)).orderBy(asc(roomPackages.openedOn), asc(roomPackages.id));
  const items = await db.select().from(checklistItems).where(and(eq(checklistItems.communityId, communityId), eq(checklistItems.active, true))).orderBy(asc(checklistItems.sort));
  const docs = packages.length
    ? await db.select().from(packageDocuments).where(sql`${packageDocuments.packageId} in (${sql.join(packages.map((p) => sql`${p.id}::uuid`), sql`, `)})`)
    : [];
  return packages.map((p) => {
    const list = items
      .filter((i) => i.packageKind === p.packageKind)
      .map((i) => {
        const d = docs.find((x) => x.packageId === p.id && x.itemId === i.id);
        return { itemId: i.id, code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, required: i.required, collected: !!d, fileIds: d?.fileIds ?? [], receivedOn: d?.receivedOn ?? null, note: d?.note ?? '' };
      });
    return { id: p.id, kind: p.packageKind, openedOn: p.openedOn, items: list, missing: list.filter((i) => i.required && !i.collected).map((i) => i.code) };
  });
}

/**
 * Rooms of a community with missing required items or a failed archive check (set-based: one
 * query whatever the number of rooms), sorted by archive code.
 */
export async function roomsWithMissing(db: Db, communityId: string) {
  await ensureChecklists(db, communityId);
  return rows<{ room_id: string; room_code: string; archive_code: string; missing_items: number; failed_findings: string | null }>(
    db,
    sql`
    with missing as (
      select p.room_id, count(*)::int as n
      from archive_room_packages p
      join archive_checklist_items i on i.community_id = p.community_id and i.package_kind = p.package_kind and i.required and i.active
      left join archive_package_documents d on d.package_id = p.id and d.item_id = i.id
      where p.community_id = ${communityId}::uuid and d.id is null
      group by p.room_id
    ), failed as (
      select distinct on (ar.room_id) ar.room_id, ar.result, ar.findings
      from archive_audit_rooms ar join archive_audits a on a.id = ar.audit_id
      where ar.community_id = ${communityId}::uuid and ar.result <> 'pending'
      order by ar.room_id, ar.checked_at desc
    )
    select r.id as room_id, r.code as room_code, ${sql.raw(ARCHIVE_CODE_RAW)} as archive_code,
           coalesce(m.n, 0) as missing_items, case when f.result = 'fail' then f.findings end as failed_findings
    from rooms r join buildings b on b.id = r.building_id
    left join missing m on m.room_id = r.id
    left join failed f on f.room_id = r.id
    where r.community_id = ${communityId}::uuid and (m.n > 0 or f.result = 'fail')
    order by b.code, r.floor, r.number, archive_code`,
  );
}

export async function recordDocument(db: Db, input: { communityId: string; packageId: string; itemId: string; fileIds: string[]; note: string; receivedOn: string; recordedBy: string; now: Date }) {
  const [row] = await db
    .insert(packageDocuments)
    .values({ communityId: input.communityId, packageId: input.packageId, itemId: input.itemId, fileIds: input.fileIds, note: input.note, receivedOn: input.receivedOn, recordedBy: input.recordedBy })
    .onConflictDoUpdate({ target: [packageDocuments.packageId, packageDocuments.itemId], set: { fileIds: input.fileIds, note: input.note, receivedOn: input.receivedOn, recordedBy: input.recordedBy, updatedAt: input.now } })
    .returning();
  return row;
}
