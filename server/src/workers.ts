import type { Deps } from './kernel/deps.ts';
import { sweepAllDue } from './kernel/deadlines/index.ts';
import { ScheduleRunner } from './kernel/jobs/index.ts';

export interface Worker {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** The periodic work every node runs (safe on many nodes: each claims with SKIP LOCKED). */
export function workers(deps: Deps): Worker[] {
  const schedules = new ScheduleRunner(deps.database, { onError: (err, name, slot) => console.error(`[schedule ${name} ${slot.toISOString()}]`, err) });
  return [
    { name: 'outbox', everyMs: 500, run: () => deps.dispatcher.runOnce() },
    {
      name: 'deadlines',
      everyMs: 1000,
      run: () => sweepAllDue(deps.database, deps.clock.now(), { onError: (err, clock) => console.error(`[deadline ${clock.subjectType}/${clock.kind} ${clock.id}]`, err) }),
    },
    { name: 'schedules', everyMs: 1000, run: () => schedules.tick(deps.clock.now()) },
  ];
}
