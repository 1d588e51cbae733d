import type { Db } from '../../../kernel/db/index.ts';
import type { WorkOrder } from '../transition-runner.ts';

/**
 * Work done elsewhere, in the same transaction, when an order ends (closed or cancelled):
 * the requests module keeps its request's status in step. Modules that depend on work
 * orders register here (the dependency runs one way, so workorders cannot call them).
 */
export type EndedHook = (tx: Db, wo: WorkOrder, ctx: { actorId: string | null; now: Date }) => Promise<void>;

const hooks = new Map<string, EndedHook>();

/** Keyed by the registering module, so a second app in the same process does not add it twice. */
export function onWorkOrderEnded(name: string, hook: EndedHook): void {
  hooks.set(name, hook);
}

export async function workOrderEnded(tx: Db, wo: WorkOrder, ctx: { actorId: string | null; now: Date }): Promise<void> {
  for (const hook of hooks.values()) await hook(tx, wo, ctx);
}
