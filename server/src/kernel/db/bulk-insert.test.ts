import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/index.ts';
import type { Database } from './index.ts';
import { insertJsonRows, jsonColumnsOf } from './bulk-insert.ts';
import { outboxEvents } from '../events/index.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('insertJsonRows', () => {
  it('inserts many rows in one statement, keeping text exact and filling defaults', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `物业 "${i}" 'x' \\ ${i}`);
    const made = await insertJsonRows<{ id: string; name: string }>(database.db, 'companies', { name: 'text' }, names.map((name) => ({ name })), 'id, name');
    expect(made).toHaveLength(3000);
    expect(new Set(made.map((m) => m.name))).toEqual(new Set(names));
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int n from companies where created_at is not null`);
    expect(n).toBe(3000);
  });

  it('refuses identifiers that are not plain column names', async () => {
    await expect(insertJsonRows(database.db, 'companies; drop table x', { name: 'text' }, [{ name: 'a' }])).rejects.toThrow(/bad identifier/);
  });
});

describe('jsonColumnsOf', () => {
  it('types the named columns as the table declares them, and refuses a name the table lacks', async () => {
    expect(jsonColumnsOf(outboxEvents, ['id', 'type', 'room_ids', 'payload', 'at'])).toEqual({ id: 'bigint', type: 'text', room_ids: 'uuid[]', payload: 'jsonb', at: 'timestamp with time zone' });
    expect(() => jsonColumnsOf(outboxEvents, ['type', 'roomIds'])).toThrow(/roomIds is not a column of outbox_events/);
  });
});
