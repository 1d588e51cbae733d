import type { Config } from './config/index.ts';
import type { Database } from './db/index.ts';
import type { PiiCipher } from './crypto/index.ts';
import type { Clock } from './clock.ts';
import type { LiveHub } from './live/index.ts';
import type { OutboxDispatcher } from './events/index.ts';

/** Everything a module needs, passed explicitly from the composition root. */
export interface Deps {
  config: Readonly<Config>;
  database: Database;
  pii: PiiCipher;
  clock: Clock;
  hub: LiveHub;
  dispatcher: OutboxDispatcher;
}
