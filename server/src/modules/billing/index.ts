import type { AppModule } from '../../kernel/module.ts';
import type { Db } from '../../kernel/db/index.ts';
import { billingRoutes } from './billing.routes.ts';
import { paymentRoutes } from './payments.routes.ts';
import { arrearsRoutes } from './arrears.routes.ts';
import { discountRoutes } from './discounts.routes.ts';
import { noticeRoutes } from './notice.routes.ts';
import { invoiceRoutes } from './invoices.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { feeAssignments, feeItems, feeRates } from './billing.tables.ts';
import { registerBillingSchedules } from './billing.jobs.ts';
import { registerPaymentQuery } from './notify.query.ts';
import { registerLetterFiles } from './letters.service.ts';
import { fileStorage } from '../../kernel/files/index.ts';

export { runBilling, startBillingRun } from './run.service.ts';
export { reconcile } from './reconcile.ts';
export { arrearsAging } from './aging.ts';
export { configurePayments, setCheckoutProviders, FakeProvider, type CheckoutProvider, type TradeAnswer } from './online.ts';
export { queryPendingPayments } from './notify.query.ts';
export { isSanction, refuseSanction } from './law.ts';
// The demo company's money (scripts/demo-data/fees.ts) goes through these services.
export { createPayment } from './payments.service.ts';
export { requestAdjustment } from './adjustments.service.ts';
export { addPublicIncome } from './public-income.service.ts';
export { recordContact } from './dunning.service.ts';
export { recordCashCount } from './cash-count.service.ts';

export const billingModule: AppModule = {
  name: 'billing',
  init(deps) {
    registerBillingSchedules();
    registerPaymentQuery(deps);
    registerLetterFiles(deps.database.db, fileStorage(deps));
  },
  async routes(app, opts) {
    await app.register(billingRoutes, opts);
    await app.register(paymentRoutes, opts);
    await app.register(arrearsRoutes, opts);
    await app.register(discountRoutes, opts);
    await app.register(noticeRoutes, opts);
    await app.register(invoiceRoutes, opts);
    await app.register(reportRoutes, opts);
  },
};

/**
 * Demo data (API.md "Fees"): a property fee by gross area, 2.50 yuan/m²/month, assigned to
 * every residential room of the community from 2026-01-01, so a billing run works at once.
 */
export async function seedDemoFees(db: Db, communityId: string) {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .insert(feeItems)
      .values({ communityId, code: 'WYF', name: '物业服务费', kind: 'property', formula: 'gross_area', rounding: 'half_up', roundingUnitFen: 1, prepaid: false, cycleMonths: 1, dueDays: 15 })
      .onConflictDoNothing()
      .returning();
    if (!item) return null;
    await tx.insert(feeRates).values({ communityId, feeItemId: item.id, effectiveFrom: '2026-01-01', priceFenX100: 25000 });
    await tx.insert(feeAssignments).values({ communityId, feeItemId: item.id, scope: 'use', roomUse: 'residential', effectiveFrom: '2026-01-01' });
    return item;
  });
}

/**
 * Demo data: a fixed monthly 垃圾清运费 of 10.00 yuan a home next to the property fee (the demo
 * company only; tests that count on the property fee alone keep calling seedDemoFees). The code
 * sorts after WYF so the property fee stays the first line of a period.
 */
export async function seedDemoRefuseFee(db: Db, communityId: string) {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .insert(feeItems)
      .values({ communityId, code: 'XQLJ', name: '垃圾清运费', kind: 'service', formula: 'fixed', rounding: 'half_up', roundingUnitFen: 1, prepaid: false, cycleMonths: 1, dueDays: 15 })
      .onConflictDoNothing()
      .returning();
    if (!item) return null;
    await tx.insert(feeRates).values({ communityId, feeItemId: item.id, effectiveFrom: '2026-01-01', priceFenX100: 100000 });
    await tx.insert(feeAssignments).values({ communityId, feeItemId: item.id, scope: 'use', roomUse: 'residential', effectiveFrom: '2026-01-01' });
    return item;
  });
}
