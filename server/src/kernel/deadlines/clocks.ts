import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { CalendarSource } from '../calendar/index.ts';
import type { ClockDuration, ClockSummary, ClockView, StartClock, SubjectRef } from './contract.ts';
import { deadlines } from './deadlines.tables.ts';
import { nextFireAt } from './schedule.ts';

type Row = typeof deadlines.$inferSelect;

export function toView(r: Row): ClockView {
  return {
    id: r.id,
    communityId: r.communityId,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    kind: r.kind,
    startedAt: r.startedAt,
    dueAt: r.dueAt,
    pausedAt: r.pausedAt,
    pausedMs: r.pausedMs,
    metAt: r.metAt,
    breachedAt: r.breachedAt,
    cancelledAt: r.cancelledAt,
    firedMilestones: r.firedMilestones,
    repeatCount: r.repeatCount,
    payload: r.payload,
    duration: r.durationWorkingDays !== null ? { workingDays: r.durationWorkingDays } : { minutes: r.durationMinutes ?? 0 },
    milestones: r.milestones,
    repeatEveryMinutes: r.repeatEveryMinutes,
    nextFireAt: r.nextFireAt,
  };
}

/** The API shape of a clock (dates as ISO strings). */
export function clockSummary(c: ClockView): ClockSummary {
  return {
    kind: c.kind,
    startedAt: c.startedAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    metAt: c.metAt?.toISOString() ?? null,
    breached: c.breachedAt !== null,
    paused: c.pausedAt !== null,
    pausedMs: c.pausedMs,
  };
}

/** Due time of an unpaused clock: plain minutes, or working days on the community's calendar. */
async function dueFor(db: Db, calendars: CalendarSource, communityId: string, startedAt: Date, duration: ClockDuration): Promise<Date> {
  if ('minutes' in duration) return new Date(startedAt.getTime() + duration.minutes * 60_000);
  const calendar = await calendars.calendarFor(db, communityId);
  return calendar.addWorkingDays(startedAt, duration.workingDays);
}

function durationColumns(d: ClockDuration) {
  return 'minutes' in d ? { durationMinutes: d.minutes, durationWorkingDays: null } : { durationMinutes: null, durationWorkingDays: d.workingDays };
}

const openClock = (ref: SubjectRef) =>
  and(eq(deadlines.subjectType, ref.subjectType), eq(deadlines.subjectId, ref.subjectId), eq(deadlines.kind, ref.kind), isNull(deadlines.metAt), isNull(deadlines.cancelledAt));

async function lockOpen(tx: Db, ref: SubjectRef): Promise<Row | null> {
  const [row] = await tx.select().from(deadlines).where(openClock(ref)).for('update');
  return row ?? null;
}

/** Programming errors in a clock spec fail loudly instead of producing a clock that never fires. */
function checkSpec(spec: StartClock): void {
  const d = spec.duration;
  const amount = 'minutes' in d ? d.minutes : d.workingDays;
  if (!Number.isFinite(amount) || amount < 0 || ('workingDays' in d && !Number.isInteger(amount))) throw new Error(`bad clock duration ${JSON.stringify(d)}`);
  if ((spec.milestones ?? []).some((f) => !(f > 0 && f < 1))) throw new Error(`milestones must be fractions between 0 and 1, got ${spec.milestones}`);
  if (spec.repeatEveryMinutes !== undefined && !(spec.repeatEveryMinutes > 0)) throw new Error(`repeatEveryMinutes must be positive, got ${spec.repeatEveryMinutes}`);
}

/** Starts a clock; a second running clock of the same subject and kind is a 409 CONFLICT. */
export async function startClock(tx: Db, calendars: CalendarSource, spec: StartClock): Promise<ClockView> {
  checkSpec(spec);
  const dueAt = await dueFor(tx, calendars, spec.communityId, spec.startedAt, spec.duration);
  const timing = { startedAt: spec.startedAt, dueAt, pausedMs: 0, milestones: spec.milestones ?? [], firedMilestones: [], breachedAt: null, repeatEveryMinutes: spec.repeatEveryMinutes ?? null, repeatCount: 0 };
  const [row] = await tx
    .insert(deadlines)
    .values({
      companyId: spec.companyId ?? null,
      communityId: spec.communityId,
      subjectType: spec.subjectType,
      subjectId: spec.subjectId,
      kind: spec.kind,
      startedAt: spec.startedAt,
      dueAt,
      ...durationColumns(spec.duration),
      milestones: timing.milestones,
      repeatEveryMinutes: timing.repeatEveryMinutes,
      nextFireAt: nextFireAt(timing),
      payload: spec.payload ?? {},
    })
    .returning();
  return toView(row);
}

/** Stops the clock at `at` (waiting for the owner, for parts …). No-op when already paused. */
export async function pauseClock(tx: Db, ref: SubjectRef, at: Date): Promise<ClockView | null> {
  const row = await lockOpen(tx, ref);
  if (!row || row.pausedAt) return row ? toView(row) : null;
  const [updated] = await tx.update(deadlines).set({ pausedAt: at }).where(eq(deadlines.id, row.id)).returning();
  return toView(updated);
}

/** The paused time of a clock: pausedMs grows and due time and every pending firing move out by it. */
function resumed(row: Row, at: Date) {
  const paused = Math.max(0, at.getTime() - row.pausedAt!.getTime());
  const dueAt = new Date(row.dueAt.getTime() + paused);
  const pausedMs = row.pausedMs + paused;
  return { pausedAt: null, pausedMs, dueAt, nextFireAt: nextFireAt({ ...row, dueAt, pausedMs }) };
}

export async function resumeClock(tx: Db, ref: SubjectRef, at: Date): Promise<ClockView | null> {
  const row = await lockOpen(tx, ref);
  if (!row || !row.pausedAt) return row ? toView(row) : null;
  const [updated] = await tx.update(deadlines).set(resumed(row, at)).where(eq(deadlines.id, row.id)).returning();
  return toView(updated);
}

/** The promise was kept (or at least ended): nothing fires any more. */
export async function meetClock(tx: Db, ref: SubjectRef, at: Date): Promise<ClockView | null> {
  const row = await lockOpen(tx, ref);
  if (!row) return null;
  const closePause = row.pausedAt ? resumed(row, at) : {};
  const [updated] = await tx.update(deadlines).set({ ...closePause, metAt: at, nextFireAt: null }).where(eq(deadlines.id, row.id)).returning();
  return toView(updated);
}

export async function cancelClock(tx: Db, ref: SubjectRef, at: Date): Promise<ClockView | null> {
  const row = await lockOpen(tx, ref);
  if (!row) return null;
  const [updated] = await tx.update(deadlines).set({ cancelledAt: at, nextFireAt: null }).where(eq(deadlines.id, row.id)).returning();
  return toView(updated);
}

/**
 * A new allowed time for a running clock (e.g. urgency raised): startedAt stays, the due
 * time is recomputed from it plus the time already paused. Milestones already fired stay
 * fired; a breach already fired is not undone.
 */
export async function changeDuration(tx: Db, calendars: CalendarSource, ref: SubjectRef, duration: ClockDuration): Promise<ClockView | null> {
  const row = await lockOpen(tx, ref);
  if (!row) return null;
  const base = await dueFor(tx, calendars, row.communityId, row.startedAt, duration);
  const dueAt = new Date(base.getTime() + row.pausedMs);
  const [updated] = await tx
    .update(deadlines)
    .set({ dueAt, ...durationColumns(duration), nextFireAt: nextFireAt({ ...row, dueAt }) })
    .where(eq(deadlines.id, row.id))
    .returning();
  return toView(updated);
}

/** Every clock of a subject (running, met and cancelled), oldest first. */
export async function getClocks(db: Db, subjectType: string, subjectId: string): Promise<ClockView[]> {
  const list = await db
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.subjectType, subjectType), eq(deadlines.subjectId, subjectId)))
    .orderBy(asc(deadlines.createdAt), asc(deadlines.id));
  return list.map(toView);
}
