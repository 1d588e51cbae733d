import type { Deps } from '../../../kernel/deps.ts';
import type { Actor } from '../../../kernel/permissions/index.ts';
import { notify } from '../../notifications/index.ts';
import { pickRoundRobin, settingsFor, suggest } from '../dispatch-modes.ts';
import { applyTransition, runTransition } from '../transition-runner.ts';
import { assignEffects } from './assign.ts';
import { meet, startWoClock } from './clocks.ts';

/**
 * 受理: the response has started (response clocks met) and the 30-minute dispatch clock
 * starts. Then the community's dispatch mode for the work type decides what follows:
 * assign — a dispatcher picks; grab — into the pool, skilled technicians are told;
 * round-robin — the next eligible technician gets it at once (same transaction).
 */
export const accept = (deps: Deps, actor: Actor, id: string, body: { etaMinutes?: number } = {}) =>
  runTransition(deps, actor, id, 'accept', async ({ tx, wo, now }) => {
    await meet(tx, wo, ['response'], now);
    await startWoClock(tx, wo, 'dispatch', now);
    const settings = await settingsFor(tx, wo.communityId, wo.type);
    return {
      patch: { acceptedAt: now, inPool: settings.mode === 'grab' },
      data: { mode: settings.mode },
      ownerMessage: { title: '您的报修已受理', body: wo.description },
      after: async (t, row) => {
        if (settings.mode === 'grab') {
          const skilled = (await suggest(t, deps.pii, row, now)).filter((s) => s.skillMatch && !s.atCap).map((s) => s.userId);
          await notify(t, now, { companyId: row.companyId, communityId: row.communityId, recipients: skilled, kind: 'workorder.pool', title: `抢单：No.${row.formNo} ${row.description.slice(0, 40)}`, link: `/console/work-orders/${row.id}`, subjectType: 'work_order', subjectId: row.id });
          return row;
        }
        if (settings.mode !== 'round_robin') return row;
        const next = await pickRoundRobin(t, deps.pii, row, now);
        if (!next) return row;
        return applyTransition(deps, t, null, row, 'dispatch', (c) => assignEffects(c, next, body.etaMinutes ?? (row.repairNow ? 15 : 60), { roundRobin: true }));
      },
    };
  });
