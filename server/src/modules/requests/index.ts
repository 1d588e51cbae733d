import type { AppModule } from '../../kernel/module.ts';
import { requestsRoutes } from './requests.routes.ts';
import { qrRoutes } from './qr.routes.ts';
import { registerRequestClocks } from './requests.clocks.ts';
import { registerDeskSchedules } from './digest.ts';
import { followWorkOrders } from './follow.ts';

export { requests } from './requests.tables.ts';
export { classify, type Classification } from './classifier.ts';
export { CATEGORIES, REPAIR_TYPES, URGENCIES, type Category, type Urgency } from './classifier.words.ts';
export { makeQrToken } from './qr.ts';
export { sendDailyDigest, sendHandoverReminder } from './digest.ts';

/** R-DESK-1..7: intake on every channel, classification, first contact, after hours, QR codes. */
export const requestsModule: AppModule = {
  name: 'requests',
  async routes(app, opts) {
    await app.register(requestsRoutes, opts);
    await app.register(qrRoutes, opts);
  },
  init() {
    registerRequestClocks();
    registerDeskSchedules();
    followWorkOrders();
  },
};
