import type { Deadline, WorkOrder } from './api.ts';

/** Where a clock stands at `now` (ms): the colour and wording of its countdown on every screen. */
export function clockState(d: Deadline, now: number): 'met' | 'cancelled' | 'paused' | 'breached' | 'warning' | 'running' {
  if (d.cancelledAt) return 'cancelled';
  if (d.metAt) return d.breached ? 'breached' : 'met';
  if (d.paused) return 'paused';
  const due = Date.parse(d.dueAt);
  if (d.breached || due <= now) return 'breached';
  const start = d.startedAt ? Date.parse(d.startedAt) + d.pausedMs : null;
  if (start !== null && due > start && (now - start) / (due - start) >= 0.75) return 'warning';
  return 'running';
}

/** A list row's next open clock (`WorkOrder.clock`) in the shape the countdowns take. */
export function rowDeadline(c: NonNullable<WorkOrder['clock']>): Deadline {
  return { kind: c.kind, dueAt: c.dueAt, metAt: null, paused: c.paused, pausedMs: 0, breached: c.breached };
}
