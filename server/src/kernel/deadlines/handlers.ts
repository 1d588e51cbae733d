import type { Db } from '../db/client.ts';
import type { DeadlineHandler, DueFiring } from './contract.ts';

const handlers = new Map<string, DeadlineHandler>();
const keyOf = (subjectType: string, kind: string) => `${subjectType}\u0000${kind}`;
const ANY = '*';

/**
 * Who is told when a clock of `kind` fires. Register by kind alone, or by subject type and
 * kind when the same kind means different things ('response' of a work order vs a complaint).
 * The more specific registration wins. Registering the same key again replaces it.
 */
export function registerDeadlineHandler(target: string | { subjectType: string; kind: string }, handler: DeadlineHandler): void {
  const key = typeof target === 'string' ? keyOf(ANY, target) : keyOf(target.subjectType, target.kind);
  handlers.set(key, handler);
}

export function handlerFor(subjectType: string, kind: string): DeadlineHandler | undefined {
  return handlers.get(keyOf(subjectType, kind)) ?? handlers.get(keyOf(ANY, kind));
}

/** Runs `firings` through the handler's per-firing methods, one after another (what `onFirings` must equal). */
export async function fireEach(handler: Partial<DeadlineHandler>, tx: Db, firings: DueFiring[], now: Date): Promise<void> {
  for (const { clock, firing } of firings) {
    if (firing.type === 'milestone') await handler.onMilestone?.(tx, clock, firing.fraction, now);
    else if (firing.type === 'breach') await handler.onBreach?.(tx, clock, now);
    else await handler.onRepeat?.(tx, clock, firing.repeatNumber, now);
  }
}
