import { AppError } from '../../kernel/errors/index.ts';
import { can, type Actor, type Permission } from '../../kernel/permissions/index.ts';

/** A role grant as the API speaks it; communityId null = company-wide. */
export interface Grant {
  communityId: string | null;
}

/**
 * user.manage over a set of grants: company-wide grants need the permission company-wide;
 * community grants need it in that community. Nobody hands out more reach than they have.
 */
export function requireManageGrants(actor: Actor, grants: Grant[], perm: Permission = 'user.manage'): void {
  for (const g of grants) {
    const ok = g.communityId === null ? actor.kind === 'staff' && actor.companyPermissions.has(perm) : can(actor, perm, g.communityId);
    if (!ok) throw new AppError('FORBIDDEN', { permission: perm });
  }
}

/** Any user.manage at all (a manager of one community may create staff for it). */
export function requireSomeManage(actor: Actor): void {
  if (actor.kind !== 'staff' || !can(actor, 'user.manage')) throw new AppError('FORBIDDEN', { permission: 'user.manage' });
}
