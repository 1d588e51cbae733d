import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from './client.ts';

/**
 * Set-based insert of many rows in ONE statement with ONE parameter: the rows travel as a JSON
 * array and PostgreSQL expands them with jsonb_to_recordset. Much cheaper than a multi-row
 * VALUES with thousands of bind parameters (no per-parameter work in the driver or the ORM), and
 * identical on PGlite and PostgreSQL.
 *
 * `columns` maps column name → SQL type and comes from code, never from input; row objects are
 * keyed by the same column names. Omitted columns take their defaults.
 */
export async function insertJsonRows<T = Record<string, unknown>>(db: Db, table: string, columns: Record<string, string>, list: Array<Record<string, unknown>>, returning?: string): Promise<T[]> {
  if (list.length === 0) return [];
  return rows<T>(db, jsonRowsInsert(table, columns, list, returning));
}

/** The statement of insertJsonRows, to send with others (a data-modifying CTE). */
export function jsonRowsInsert(table: string, columns: Record<string, string>, list: Array<Record<string, unknown>>, returning?: string): SQL {
  const names = Object.keys(columns);
  for (const n of [table, ...names]) if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new Error(`bad identifier ${n}`);
  const cols = names.join(', ');
  const def = names.map((n) => `${n} ${columns[n]}`).join(', ');
  const tail = returning ? ` returning ${returning}` : '';
  return sql`insert into ${sql.raw(table)} (${sql.raw(cols)}) select ${sql.raw(cols)} from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(${sql.raw(def)})${sql.raw(tail)}`;
}
