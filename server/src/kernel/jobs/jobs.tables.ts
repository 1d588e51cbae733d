import { pgTable, text, timestamp, primaryKey } from 'drizzle-orm/pg-core';

/**
 * One row per schedule slot that ran (or failed). The primary key (name, slot) is what makes
 * a slot run once across nodes: whoever inserts it first runs it.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    name: text('name').notNull(),
    slot: timestamp('slot', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.name, t.slot] })],
);
