import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.ts';

/** What a business module exposes to the composition root. */
export interface AppModule {
  name: string;
  /** Fastify plugin with the module's routes. */
  routes?: (app: FastifyInstance, opts: { deps: Deps }) => Promise<void>;
  /** Wiring at start: event handlers, resolvers, schedules. */
  init?: (deps: Deps) => void | Promise<void>;
}
