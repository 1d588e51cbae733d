import type { FastifyInstance } from 'fastify';
import type { AppModule } from '../../kernel/module.ts';
import type { Deps } from '../../kernel/deps.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';
import { usersRoutes } from './users.routes.ts';
import { rolesRoutes } from './roles.routes.ts';

registerConstraint('users_username_uq', 'DUPLICATE', { what: '用户名' });
registerConstraint('roles_company_code_uq', 'DUPLICATE', { what: '角色编码' });

/** 组织: staff users and roles administration (R-ORG-3). */
export const orgModule: AppModule = {
  name: 'org',
  routes: async (app: FastifyInstance, opts: { deps: Deps }) => {
    await app.register(usersRoutes, opts);
    await app.register(rolesRoutes, opts);
  },
};
