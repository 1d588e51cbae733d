import type { Db } from '../../server/src/kernel/db/index.ts';
import type { Deps } from '../../server/src/kernel/deps.ts';
import { seedDemoMoney } from './fees.ts';
import { seedServiceLoop } from './service-loop.ts';

/** Demo data owned by business modules, each through the module's own seeder. */
export async function demoExtras(tx: Db, deps: Deps, ctx: { companyId: string; communityIds: string[] }): Promise<void> {
  const [a, b] = ctx.communityIds;
  // Fee items (物业服务费 by area, 垃圾清运费), bills of the last months, payments, arrears, prepaid balances.
  await seedDemoMoney(tx, deps, ctx.companyId, { id: a, months: 8, cashier: 'demo-finance', second: 'demo-manager', demoOwner: true }, 1);
  await seedDemoMoney(tx, deps, ctx.companyId, { id: b, months: 3, cashier: 'demo-finance-b', second: 'demo-clerk-b' }, 2);
  // Requests and work orders of this month and the two before (desk, lists, board, KPIs).
  await seedServiceLoop(tx, deps, {
    companyId: ctx.companyId,
    communities: [
      { id: a, perDay: 4, staff: { clerk: 'demo-clerk', dispatcher: 'demo-dispatcher', supervisor: 'demo-supervisor', monitor: 'demo-monitor', techs: ['demo-engineer', 'demo-engineer2', 'demo-engineer3'] } },
      { id: b, perDay: 1.5, staff: { clerk: 'demo-clerk-b', dispatcher: null, supervisor: null, monitor: null, techs: ['demo-engineer-b'] } },
    ],
  });
}
