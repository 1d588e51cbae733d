import { pgTable, text, uuid, integer, jsonb, boolean, date, timestamp, primaryKey } from 'drizzle-orm/pg-core';
import { companies, communities } from '../tenancy/tenancy.tables.ts';

export interface EnteredDay {
  date: string;
  name: string;
}

/**
 * A year's schedule entered by an administrator when the State Council publishes it.
 * For that year it replaces the package data completely (company-wide).
 */
export const calendarYears = pgTable(
  'calendar_years',
  {
    companyId: uuid('company_id').notNull().references(() => companies.id),
    year: integer('year').notNull(),
    holidays: jsonb('holidays').$type<EnteredDay[]>().notNull().default([]),
    workdays: jsonb('workdays').$type<EnteredDay[]>().notNull().default([]),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.year] })],
);

/** A community's own exception for one date (e.g. a local event day worked or not). */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    communityId: uuid('community_id').notNull().references(() => communities.id),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    date: date('date', { mode: 'string' }).notNull(),
    working: boolean('working').notNull(),
    name: text('name').notNull().default(''),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.date] })],
);
