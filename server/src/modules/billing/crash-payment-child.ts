/**
 * Child process of the payment crash test: takes a payment inside withIdempotency and is
 * killed before the transaction commits. Usage: crash-payment-child.ts <url> <userId> <key> <bodyJson>
 */
import { sql } from 'drizzle-orm';
import { openPostgres } from '../../kernel/db/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { withIdempotency } from '../../kernel/http/index.ts';
import { loadActor } from '../../kernel/permissions/index.ts';
import { createPayment, type PaymentInput } from './payments.service.ts';

const [url, userId, key, bodyJson] = process.argv.slice(2);
const body = JSON.parse(bodyJson) as PaymentInput;
const db = await openPostgres(url, 2);
const actor = (await loadActor(db.db, userId, new Date()))!;
await withIdempotency(db.db, { userId, key, route: 'POST /api/v1/payments', body }, async (tx) => {
  const r = await createPayment(tx, systemClock, actor, body);
  process.stdout.write(`in-tx ${r.payment.receiptNo}\n`);
  await tx.execute(sql`SELECT pg_sleep(30)`);
  return { status: 201, body: r.payment };
});
process.stdout.write('finished\n');
