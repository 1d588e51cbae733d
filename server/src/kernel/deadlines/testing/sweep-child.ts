/**
 * One "app node" for the multi-process sweeper test: connects to the PostgreSQL database
 * given as argv[2], waits for "go" on stdin (so both nodes start together), sweeps until
 * nothing due is left (the worker's sweep, several lanes) and prints how many firings it performed. Each firing inserts a row
 * into race_firings from inside the sweep's transaction.
 */
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../../db/index.ts';
import { registerDeadlineHandler, sweepAllDue } from '../index.ts';

const [url, nowIso, node] = process.argv.slice(2);
const database = await openPostgres(url, 3);
const now = new Date(nowIso);

registerDeadlineHandler('race', {
  async onMilestone(tx, clock, fraction) {
    await tx.execute(sql`INSERT INTO race_firings (clock_id, event, node) VALUES (${clock.id}, ${`milestone:${fraction}`}, ${node})`);
  },
  async onBreach(tx, clock) {
    await tx.execute(sql`INSERT INTO race_firings (clock_id, event, node) VALUES (${clock.id}, 'breach', ${node})`);
  },
});

process.stdout.write('ready\n');
const rl = readline.createInterface({ input: process.stdin });
await new Promise<void>((resolve) => rl.once('line', () => resolve()));
rl.close();

let fired = 0;
for (;;) {
  // the worker's sweep: three lanes on this node's three connections, racing the other node's
  const r = await sweepAllDue(database, now, { batch: 20, lanes: 3 });
  fired += r.fired;
  if (r.claimed === 0) break;
}
process.stdout.write(JSON.stringify({ node, fired }) + '\n');
await database.close();
