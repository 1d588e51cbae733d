import type { Db } from '../db/client.ts';
import { outboxEvents } from './events.tables.ts';

export { outboxEvents };
export { OutboxDispatcher, type EventHandler } from './dispatcher.ts';

export interface DomainEvent {
  type: string;
  companyId?: string | null;
  communityId?: string | null;
  subjectType: string;
  subjectId: string;
  roomIds?: string[];
  payload?: Record<string, unknown>;
}

export interface StoredEvent extends Required<Omit<DomainEvent, 'companyId' | 'communityId'>> {
  id: number;
  at: string;
  companyId: string | null;
  communityId: string | null;
}

/**
 * The outbox insert of `emit`, built but not run: a caller on a hot path sends it in one
 * statement with its own writes (`WITH … <its insert> <this>`), saving a round trip. Several
 * events make one multi-row insert, stored in the order given.
 */
export function emitStatement(tx: Db, event: DomainEvent | DomainEvent[]) {
  const list = Array.isArray(event) ? event : [event];
  if (list.length === 0) throw new Error('emitStatement: no events');
  return tx.insert(outboxEvents).values(
    list.map((e) => ({
      type: e.type,
      companyId: e.companyId ?? null,
      communityId: e.communityId ?? null,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      roomIds: e.roomIds ?? [],
      payload: e.payload ?? {},
    })),
  );
}

/** Record a domain event in the caller's transaction (transactional outbox). */
export async function emit(tx: Db, event: DomainEvent): Promise<void> {
  await emitStatement(tx, event);
}
