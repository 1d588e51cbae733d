import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../kernel/db/index.ts';
import { keyringFrom, type PiiCipher } from '../../kernel/crypto/index.ts';

const BATCH = 1000;
/** Every table/column pair holding encrypted personal data. Blind indexes are untouched (HMAC key derives from the first key). */
const TARGETS: Array<{ table: string; columns: string[] }> = [
  { table: 'persons', columns: ['phone_enc', 'id_number_enc'] },
  { table: 'person_phones', columns: ['phone_enc'] },
  { table: 'users', columns: ['phone_enc'] },
];

/**
 * Appends a new key line ("kN:base64") to the key file and returns its id. Written to a temp
 * file (0600) and renamed, so a crash never leaves a half-written key file.
 */
export function appendDataKey(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const ring = keyringFrom(text);
  const next = Math.max(0, ...[...ring.keys.keys()].map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
  const id = `k${next}`;
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${text.replace(/\n?$/, '\n')}${id}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return id;
}

/**
 * Re-encrypts every stored value not yet under the current key, 1,000 rows per statement
 * (UPDATE … FROM VALUES). Idempotent: a second run finds nothing stale.
 */
export async function reencryptAll(database: Database, pii: PiiCipher): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, columns } of TARGETS) {
    let done = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await database.query<Record<string, string | null> & { id: string }>(
        `select id, ${columns.join(', ')} from ${table} where id > $1 order by id limit ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const stale = rows.filter((r) => columns.some((c) => r[c] && pii.isStale(r[c]!)));
      if (stale.length) {
        const params: unknown[] = [];
        const tuples = stale.map((r) => {
          const vals = columns.map((c) => (r[c] ? pii.encrypt(pii.decrypt(r[c]!)) : null));
          params.push(r.id, ...vals);
          const base = params.length - columns.length - 1;
          return `($${base + 1}::uuid, ${columns.map((_, i) => `$${base + 2 + i}::text`).join(', ')})`;
        });
        await database.query(
          `update ${table} t set ${columns.map((c) => `${c} = v.${c}`).join(', ')} from (values ${tuples.join(', ')}) as v(id, ${columns.join(', ')}) where t.id = v.id`,
          params,
        );
        done += stale.length;
      }
    }
    counts[table] = done;
  }
  return counts;
}
