import type { AppModule } from '../kernel/module.ts';
import { peopleModule } from './people/index.ts';
import { propertyModule } from './property/index.ts';
import { householdModule } from './household/index.ts';
import { orgModule } from './org/index.ts';
import { billingModule } from './billing/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { slaModule } from './sla/index.ts';
import { workOrdersModule } from './workorders/index.ts';
import { requestsModule } from './requests/index.ts';

/** Every business module, in dependency order. */
export const modules: AppModule[] = [peopleModule, propertyModule, householdModule, orgModule, billingModule, notificationsModule, slaModule, workOrdersModule, requestsModule];
