import type { AppModule } from '../../kernel/module.ts';
import { workOrdersRoutes } from './workorders.routes.ts';
import { registerWorkOrderClocks } from './workorders.clocks.ts';
import { workOrderSettingsRoutes } from './settings.routes.ts';

export { workOrders, workOrderHistory, serviceItems, roster, dispatchSettings, WO_STATUSES, type WoStatus } from './workorders.tables.ts';
export { REPAIR_TYPES, type RepairType } from './work-types.ts';
export { createWorkOrder, type NewWorkOrder } from './create.ts';
export { workOrderInfos } from './workorders.clocks.ts';
export { MACHINE, ACTIONS, nextState } from './state-machine.ts';
export type { WorkOrder } from './transition-runner.ts';

/** R-WO-1..9: work orders, dispatch, field work, sign-off, callback, clocks. */
export const workOrdersModule: AppModule = {
  name: 'workorders',
  async routes(app, opts) {
    await app.register(workOrdersRoutes, opts);
    await app.register(workOrderSettingsRoutes, opts);
  },
  init(deps) {
    registerWorkOrderClocks(deps);
  },
};
export { reclassifyWorkOrder, withdrawWorkOrder } from './reclassify.ts';
export { onWorkOrderEnded, type EndedHook } from './transitions/ended.ts';
