import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
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

/** `columns` for the two above, read off the Drizzle table: each named column with its SQL type. */
export function jsonColumnsOf(table: PgTable, names: readonly string[]): Record<string, string> {
  // serial types are column definitions, not types a record can be read as
  const serial: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };
  const types = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, serial[c.getSQLType()] ?? c.getSQLType()]));
  return Object.fromEntries(
    names.map((n) => {
      const type = types.get(n);
      if (!type) throw new Error(`${n} is not a column of ${getTableName(table)}`);
      return [n, type];
    }),
  );
}
