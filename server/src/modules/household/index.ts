import type { FastifyInstance } from 'fastify';
import type { AppModule } from '../../kernel/module.ts';
import type { Deps } from '../../kernel/deps.ts';
import { setRoomOccupantsResolver } from '../property/index.ts';
import { importRoutes } from './import.routes.ts';
import { currentOccupants } from './occupants.ts';

export { currentOccupants } from './occupants.ts';

/**
 * Work that joins rooms (property) with the people in them, kept apart so neither of those
 * modules imports the other: the Excel import of rooms + owners and room occupants.
 */
export const householdModule: AppModule = {
  name: 'household',
  routes: async (app: FastifyInstance, opts: { deps: Deps }) => {
    await app.register(importRoutes, opts);
  },
  init() {
    setRoomOccupantsResolver(currentOccupants);
  },
};
