import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../kernel/testing/index.ts';
import { keyringFrom, PiiCipher } from '../../kernel/crypto/index.ts';
import type { Database } from '../../kernel/db/index.ts';
import { makeCompany } from '../../kernel/testing/index.ts';
import { persons } from './people.tables.ts';
import { sealPii } from './person-fields.ts';
import { appendDataKey, reencryptAll } from './rotate-key.ts';
import { PHONES, IDS } from './archive.fixtures.ts';

const K1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('data-key rotation', () => {
  it('appends a key to the file (0600) and keeps the old ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pms-key-'));
    const file = path.join(dir, 'data.key');
    fs.writeFileSync(file, `# comment\n${K1}\n`, { mode: 0o600 });
    expect(appendDataKey(file)).toBe('k2');
    expect(appendDataKey(file)).toBe('k3');
    const ring = keyringFrom(fs.readFileSync(file, 'utf8'));
    expect([...ring.keys.keys()]).toEqual(['k1', 'k2', 'k3']);
    expect(ring.currentId).toBe('k3');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });

  it('re-encrypts every value under the new key; plaintext and blind index unchanged', async () => {
    const old = new PiiCipher(keyringFrom(K1));
    const { company } = await makeCompany(database.db);
    // 1,203 persons: more than one batch.
    const values = Array.from({ length: 1203 }, (_, i) => ({ companyId: company.id, name: `p${i}`, ...sealPii(old, { phone: PHONES[i % 6], idNumber: i % 2 ? IDS[i % 6] : null }) }));
    for (let i = 0; i < values.length; i += 500) await database.db.insert(persons).values(values.slice(i, i + 500));
    const before = await database.query<{ id: string; phone_bidx: string; id_number_bidx: string | null }>('select id, phone_bidx, id_number_bidx from persons order by id');

    const ring2 = keyringFrom(`${K1}\nk2:${Buffer.alloc(32, 2).toString('base64')}`);
    const next = new PiiCipher(ring2);
    // person_phones got its rows from the primary-phone trigger (one per person).
    expect(await reencryptAll(database, next)).toEqual({ persons: 1203, person_phones: 1203, users: 0 });
    const phoneRows = await database.query<{ phone_enc: string }>('select phone_enc from person_phones');
    expect(phoneRows.every((r) => r.phone_enc.startsWith('k2.'))).toBe(true);
    const after = await database.query<{ id: string; name: string; phone_enc: string; id_number_enc: string | null; phone_bidx: string; id_number_bidx: string | null }>('select * from persons order by id');
    expect(after.every((r) => r.phone_enc.startsWith('k2.') && (r.id_number_enc === null || r.id_number_enc.startsWith('k2.')))).toBe(true);
    expect(after.map((r) => [r.id, r.phone_bidx, r.id_number_bidx])).toEqual(before.map((r) => [r.id, r.phone_bidx, r.id_number_bidx]));
    for (const r of after) {
      const i = Number(r.name.slice(1));
      expect(next.decrypt(r.phone_enc)).toBe(PHONES[i % 6]);
      expect(r.id_number_enc ? next.decrypt(r.id_number_enc) : null).toBe(i % 2 ? IDS[i % 6] : null);
    }
    expect(next.blindIndex('phone', PHONES[0])).toBe(old.blindIndex('phone', PHONES[0]));
    // The old key alone can no longer read anything: the values really moved.
    expect(() => old.decrypt(after[0].phone_enc)).toThrow(/unknown data key k2/);
    // Idempotent.
    expect(await reencryptAll(database, next)).toEqual({ persons: 0, person_phones: 0, users: 0 });
  });
});
