import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { workOrders } from '../workorders/index.ts';
import { requests } from '../requests/index.ts';

/**
 * References from the archive (key-owner profiles, important events) to complaints, requests
 * and work orders: stored as ids, never copies (R-ARC-4/5). A reference that is not a record of
 * ours (a paper complaint number) is kept as typed.
 */
export type Link = { kind: 'complaint' | 'work_order' | 'request'; refId: string };
export type LinkView = Link & { label: string; status: string | null; found: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORM_NO = /^(?:No\.?\s*)?(\d{1,9})$/i;

/** Work orders may be given by their form number (No.12): stored as the id of that work order of the community (404 when there is none). */
export async function resolveLinks(db: Db, companyId: string, communityId: string, links: Link[] | undefined): Promise<Link[] | undefined> {
  if (!links) return links;
  const numbers = links.filter((l) => l.kind === 'work_order' && FORM_NO.test(l.refId.trim())).map((l) => Number(FORM_NO.exec(l.refId.trim())![1]));
  if (numbers.length === 0) return links.map((l) => ({ kind: l.kind, refId: l.refId.trim() }));
  const found = await db
    .select({ id: workOrders.id, formNo: workOrders.formNo })
    .from(workOrders)
    .where(and(eq(workOrders.companyId, companyId), eq(workOrders.communityId, communityId), inArray(workOrders.formNo, numbers)));
  return links.map((l) => {
    const m = l.kind === 'work_order' ? FORM_NO.exec(l.refId.trim()) : null;
    const hit = m ? found.find((w) => w.formNo === Number(m[1])) : undefined;
    // A form number is a claim about our own records: refuse one that does not exist here.
    if (m && !hit) throw new AppError('NOT_FOUND', { what: `工单 No.${m[1]}` });
    return { kind: l.kind, refId: hit?.id ?? l.refId.trim() };
  });
}

/** Labels for display: work orders show their form number and status, requests a short description. */
export async function describeLinks(db: Db, companyId: string, lists: Link[][]): Promise<Map<string, LinkView>> {
  const all = lists.flat();
  const woIds = [...new Set(all.filter((l) => l.kind === 'work_order' && UUID.test(l.refId)).map((l) => l.refId))];
  const reqIds = [...new Set(all.filter((l) => l.kind !== 'work_order' && UUID.test(l.refId)).map((l) => l.refId))];
  const wos = woIds.length ? await db.select({ id: workOrders.id, formNo: workOrders.formNo, status: workOrders.status }).from(workOrders).where(and(eq(workOrders.companyId, companyId), inArray(workOrders.id, woIds))) : [];
  const reqs = reqIds.length ? await db.select({ id: requests.id, description: requests.description, status: requests.status }).from(requests).where(and(eq(requests.companyId, companyId), inArray(requests.id, reqIds))) : [];
  const out = new Map<string, LinkView>();
  for (const l of all) {
    const key = `${l.kind}:${l.refId}`;
    const wo = l.kind === 'work_order' ? wos.find((w) => w.id === l.refId) : undefined;
    const rq = l.kind !== 'work_order' ? reqs.find((r) => r.id === l.refId) : undefined;
    if (wo) out.set(key, { ...l, label: `No.${wo.formNo}`, status: wo.status, found: true });
    else if (rq) out.set(key, { ...l, label: rq.description.length > 24 ? `${rq.description.slice(0, 24)}…` : rq.description, status: rq.status, found: true });
    else out.set(key, { ...l, label: l.refId, status: null, found: false });
  }
  return out;
}

export async function linkViews(db: Db, companyId: string, lists: Link[][]): Promise<LinkView[][]> {
  const map = await describeLinks(db, companyId, lists);
  return lists.map((list) => list.map((l) => map.get(`${l.kind}:${l.refId}`)!));
}
