import { performance } from 'node:perf_hooks';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { slaPolicies } from './sla.tables.ts';
import { DEFAULT_RULES, type SlaRule } from './sla.defaults.ts';

export interface MatchContext {
  category?: string | null;
  urgency?: string | null;
}

type Rules = { rules: SlaRule[]; source: 'community' | 'default' };
// Every clock start reads the rules; they change rarely. Writes on this node invalidate at
// once, other nodes see a change within the TTL (monotonic time: cache freshness only).
const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: Rules }>();

/** The community's ordered rules, or the seed defaults when it has none of its own. */
export async function rulesOf(db: Db, communityId: string): Promise<Rules> {
  const hit = cache.get(communityId);
  if (hit && performance.now() - hit.at < TTL_MS) return hit.value;
  const value = await loadRules(db, communityId);
  cache.set(communityId, { at: performance.now(), value });
  return value;
}

async function loadRules(db: Db, communityId: string): Promise<Rules> {
  const rows = await db.select().from(slaPolicies).where(eq(slaPolicies.communityId, communityId)).orderBy(asc(slaPolicies.position));
  if (rows.length === 0) return { rules: DEFAULT_RULES.map((r) => ({ ...r })), source: 'default' };
  return {
    rules: rows.map((r) => ({
      subjectType: r.subjectType as SlaRule['subjectType'],
      kind: r.kind,
      category: r.category,
      urgency: r.urgency,
      minutes: r.minutes,
      workingDays: r.workingDays,
      milestones: r.milestones,
      repeatEveryMinutes: r.repeatEveryMinutes,
    })),
    source: 'community',
  };
}

/** First rule (in order) for this clock whose category and urgency are empty or equal. */
export function matchRule(rules: readonly SlaRule[], subjectType: string, kind: string, ctx: MatchContext): SlaRule | null {
  return (
    rules.find(
      (r) => r.subjectType === subjectType && r.kind === kind && (r.category === null || r.category === ctx.category) && (r.urgency === null || r.urgency === ctx.urgency),
    ) ?? null
  );
}

/** Replaces the community's rules in one go (takes effect for clocks started from now on). */
export async function replaceRules(tx: Db, p: { actorId: string; companyId: string; communityId: string; rules: SlaRule[]; now: Date }): Promise<void> {
  cache.delete(p.communityId);
  await tx.delete(slaPolicies).where(eq(slaPolicies.communityId, p.communityId));
  if (p.rules.length) {
    await tx.insert(slaPolicies).values(p.rules.map((r, i) => ({ ...r, communityId: p.communityId, position: i + 1, updatedBy: p.actorId, updatedAt: p.now })));
  }
  await audit(tx, { actorId: p.actorId, companyId: p.companyId, communityId: p.communityId, action: 'sla.replace', subjectType: 'community', subjectId: p.communityId, data: { rules: p.rules.length } });
  await emit(tx, { type: 'sla.changed', companyId: p.companyId, communityId: p.communityId, subjectType: 'community', subjectId: p.communityId, payload: { rules: p.rules.length } });
}
