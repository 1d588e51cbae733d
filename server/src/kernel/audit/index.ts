import type { Db } from '../db/client.ts';
import { auditLog } from './audit.tables.ts';

export { auditLog };

export interface AuditEntry {
  actorId: string | null;
  companyId?: string | null;
  communityId?: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
  requestId?: string;
}

/** Write the audit entry inside the caller's transaction: it exists iff the change does. */
export async function audit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    companyId: entry.companyId ?? null,
    communityId: entry.communityId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    data: entry.data ?? {},
    requestId: entry.requestId ?? null,
  });
}
