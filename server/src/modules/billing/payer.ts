import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/permissions/index.ts';
import { bills } from './billing.tables.ts';

/**
 * 过户 visibility: an owner sees and pays only the lines of their own time in the room — the lines
 * they are the payer of, and (for co-residents such as family) lines whose days overlap their own
 * occupancy while the payer also held the room. So after a transfer neither owner, nor their
 * households, sees the other's part. Occupancies are half-open: [started_on, ended_on).
 * Staff are not filtered here (their community permission decides).
 */
export function ownerBillFilter(actor: Actor): SQL | undefined {
  if (actor.kind !== 'owner') return undefined;
  if (!actor.personId) return sql`false`;
  return sql`(${bills.payerPersonId} = ${actor.personId}::uuid OR EXISTS (
    SELECT 1 FROM room_occupancies o WHERE o.room_id = ${bills.roomId} AND o.person_id = ${actor.personId}::uuid
      AND o.started_on <= ${bills.periodEnd} AND (o.ended_on IS NULL OR o.ended_on > ${bills.periodStart})
      AND (${bills.payerPersonId} IS NULL OR EXISTS (
        SELECT 1 FROM room_occupancies p WHERE p.room_id = ${bills.roomId} AND p.person_id = ${bills.payerPersonId} AND p.relation = 'owner'
          AND p.started_on <= ${bills.periodEnd} AND (p.ended_on IS NULL OR p.ended_on > ${bills.periodStart})
          AND p.started_on < coalesce(o.ended_on, DATE '9999-12-31') AND o.started_on < coalesce(p.ended_on, DATE '9999-12-31')))))`;
}
