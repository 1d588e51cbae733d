import type { Config } from './kernel/config/index.ts';
import { openDatabase, runMigrations, type Database } from './kernel/db/index.ts';
import { loadKeyring, PiiCipher } from './kernel/crypto/index.ts';
import { systemClock, type Clock } from './kernel/clock.ts';
import { LiveHub } from './kernel/live/index.ts';
import { OutboxDispatcher } from './kernel/events/index.ts';
import type { Deps } from './kernel/deps.ts';
import { workers } from './workers.ts';

/** Opens the database, applies migrations and assembles the dependencies. */
export async function createDeps(config: Readonly<Config>, opts: { clock?: Clock; database?: Database; migrate?: boolean } = {}): Promise<Deps> {
  const database = opts.database ?? (await openDatabase(config));
  if (opts.migrate !== false) await runMigrations(database);
  const pii = new PiiCipher(loadKeyring(config.dataKey, config.dataDir));
  return {
    config,
    database,
    pii,
    clock: opts.clock ?? systemClock,
    hub: new LiveHub(database),
    dispatcher: new OutboxDispatcher(database),
  };
}

/** Background work of a node: live tail, outbox delivery and each module's periodic jobs. */
export async function startBackground(deps: Deps): Promise<() => Promise<void>> {
  await deps.hub.start();
  const stops: Array<() => Promise<void> | void> = [() => deps.hub.stop()];
  if (deps.config.worker) {
    for (const w of workers(deps)) {
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          await w.run();
        } catch (err) {
          console.error(`[worker ${w.name}]`, err);
        } finally {
          busy = false;
        }
      }, w.everyMs);
      timer.unref();
      stops.push(() => clearInterval(timer));
    }
  }
  return async () => {
    for (const s of stops) await s();
  };
}
