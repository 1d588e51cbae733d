/**
 * Child process of the crash test: runs a billing run against PostgreSQL slowly enough
 * that the parent can SIGKILL it half-way. Usage: crash-child.ts <url> <communityId> <companyId> <period>
 */
import { openPostgres } from '../../kernel/db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { runBilling } from './run.service.ts';

const [url, communityId, companyId, period] = process.argv.slice(2);
const db = await openPostgres(url, 2);
await runBilling(db.db, systemClock, { communityId, companyId, period, actorId: null }, {
  chunkRooms: 1000,
  afterChunk: (done) => {
    process.stdout.write(`chunk ${done}\n`);
    return new Promise((r) => setTimeout(r, 40));
  },
});
await db.close();
process.stdout.write('finished\n');
