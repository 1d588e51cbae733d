import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { audit } from '../audit/index.ts';
import { can, communityOf, requirePermission, type Actor } from '../permissions/index.ts';
import { files } from './files.tables.ts';
import type { BlobStorage } from './storage.ts';
import { sniffAllowedType } from './sniff.ts';

export type FileRow = typeof files.$inferSelect;

export const fileUrl = (id: string) => `/api/v1/files/${id}`;

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Staff need file.upload in the community; owners may upload where they hold a room. */
export async function requireUploadRight(db: Db, actor: Actor, communityId: string): Promise<void> {
  if (actor.kind === 'owner') {
    if (!actor.rooms.some((r) => r.communityId === communityId)) throw new AppError('NOT_FOUND', { what: '小区' });
  } else requirePermission(actor, 'file.upload', communityId);
  await communityOf(db, actor, communityId);
}

/**
 * Checks size and real type before anything is written, then stores the bytes (once per
 * content) and records the file with an audit entry. A rejected upload leaves no row and no blob.
 */
export async function saveUpload(
  db: Db,
  storage: BlobStorage,
  actor: Actor,
  input: { communityId: string; data: Buffer; originalName: string; maxBytes: number; now: Date; requestId?: string },
): Promise<FileRow> {
  if (input.data.length > input.maxBytes) throw new AppError('FILE_TOO_LARGE', { limit: formatBytes(input.maxBytes) });
  if (input.data.length === 0) throw new AppError('VALIDATION_FAILED', { reason: '文件为空 / the file is empty' });
  const type = await sniffAllowedType(input.data);
  if (type.mime === null) throw new AppError('FILE_TYPE_REJECTED', { type: type.detected });
  const sha256 = await storage.put(input.data);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(files)
      .values({
        companyId: actor.companyId,
        communityId: input.communityId,
        sha256,
        mime: type.mime,
        size: input.data.length,
        originalName: input.originalName.slice(0, 200),
        uploadedBy: actor.userId,
        createdAt: input.now,
      })
      .returning();
    await audit(tx, {
      actorId: actor.userId,
      companyId: actor.companyId,
      communityId: input.communityId,
      action: 'file.upload',
      subjectType: 'file',
      subjectId: row.id,
      data: { mime: row.mime, size: row.size, sha256 },
      requestId: input.requestId,
    });
    return row;
  });
}

/** Whether the actor may see this file: staff with file.read in its community; owners their own uploads. */
function maySee(actor: Actor, row: FileRow): boolean {
  if (row.companyId !== actor.companyId) return false;
  if (actor.kind === 'owner') return row.uploadedBy === actor.userId;
  return can(actor, 'file.read', row.communityId);
}

/** The file if the actor may see it; otherwise 404 (never reveal another tenant's file). */
export async function readableFile(db: Db, actor: Actor, id: string): Promise<FileRow> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  if (!row || !maySee(actor, row)) throw new AppError('NOT_FOUND', { what: '文件' });
  return row;
}

/**
 * For modules that attach uploaded files to their records (photos of a request, a signed
 * form): every id must be a file of that community in the actor's company (owners: one they
 * uploaded). Unknown or foreign ids answer 404 NOT_FOUND. Returns the rows in input order.
 */
export async function attachFileCheck(db: Db, actor: Actor, fileId: string | string[], communityId: string): Promise<FileRow[]> {
  const ids = [...new Set(Array.isArray(fileId) ? fileId : [fileId])];
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.communityId, communityId), eq(files.companyId, actor.companyId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const row = byId.get(id);
    if (!row || (actor.kind === 'owner' && row.uploadedBy !== actor.userId)) throw new AppError('NOT_FOUND', { what: '文件' });
  }
  return ids.map((id) => byId.get(id)!);
}
