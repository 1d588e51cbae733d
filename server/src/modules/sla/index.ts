import type { AppModule } from '../../kernel/module.ts';
import { slaRoutes } from './sla.routes.ts';

export { slaPolicies } from './sla.tables.ts';
export { DEFAULT_RULES, type SlaRule } from './sla.defaults.ts';
export { rulesOf, matchRule, type MatchContext } from './sla.service.ts';
export { startSlaClock, meetSlaClock, pauseAll, resumeAll, cancelAll, reapplyRules, clockViews, openClocks, type Subject } from './sla.clocks.ts';
export { escalationHandler, KIND_NAMES, type SubjectInfo, type SubjectLookup } from './sla.handlers.ts';
export { supervisorsOf, managersOf, staffWithRole, staffIn, departmentStaff, type StaffIndex } from './escalation.ts';

/** SLA policies as data (R-DESK-3) and the clock/escalation helpers the service loop uses. */
export const slaModule: AppModule = { name: 'sla', routes: slaRoutes };
