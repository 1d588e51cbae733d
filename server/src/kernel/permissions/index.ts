export { PERMISSIONS, DEFAULT_ROLES, type Permission, type RoleTemplate } from './catalog.ts';
export { can, isCompanyWide, ownsRoom, type Actor } from './actor.ts';
export { communityScope, visibleCommunities, requirePermission, requireCompanyPermission, communityOf } from './scope.ts';
export { loadActor, setOwnerRoomsResolver, type OwnerRoomsResolver } from './load-actor.ts';
export { seedDefaultRoles } from './seed-roles.ts';
export { roles, userRoles } from './permissions.tables.ts';
