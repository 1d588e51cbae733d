import type { AppModule } from '../../kernel/module.ts';
import { setOwnerRoomsResolver } from '../../kernel/permissions/index.ts';
import { currentRoomsOf } from './occupancy.repository.ts';
import { personsRoutes } from './persons.routes.ts';
import { occupancyRoutes } from './occupancy.routes.ts';
import { protectionRoutes } from './protection.routes.ts';
import { meRoutes } from './me.routes.ts';
import { documentsRoutes } from './documents.routes.ts';
import { recordsRoutes } from './records.routes.ts';
import { auditsRoutes } from './audits.routes.ts';
import { ownersImportRoutes } from './owners-import.routes.ts';

export { persons, roomOccupancies } from './people.tables.ts';
export { currentRoomsOf } from './occupancy.repository.ts';
export { checkIdNumber, checkPhone, personView } from './person-fields.ts';
export { makeIdNumber } from './id-number.ts';
export { logAccess, type AccessEntry } from './access-log.ts';
export { validatePersonRow, parsePhoneCell, type PersonField, type PersonRowValue, type FieldError } from './person-row.validate.ts';
export { insertPhonesBulk, type CheckedPhone } from './phones.ts';
export { personPhones } from './people.tables.ts';

export const peopleModule: AppModule = {
  name: 'people',
  init() {
    setOwnerRoomsResolver(currentRoomsOf);
  },
  async routes(app, opts) {
    await personsRoutes(app, opts);
    await occupancyRoutes(app, opts);
    await protectionRoutes(app, opts);
    await meRoutes(app, opts);
    await documentsRoutes(app, opts);
    await recordsRoutes(app, opts);
    await auditsRoutes(app, opts);
    await ownersImportRoutes(app, opts);
  },
};
