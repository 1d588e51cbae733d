import { AppError } from '../../kernel/errors/index.ts';

/**
 * R-LAW-1 / R-FEE-6: the company may not fine owners or cut water, electricity or gas for
 * arrears. Anything named like that is refused wherever free text could smuggle it in
 * (fee item names, dunning actions). Late fees exist only as contract terms (违约金).
 */
const SANCTION = /罚款|罚金|罚没|停水|停电|停气|断水|断电|断气|限电|限水|\bfines?\b|penalt|cut[\s_-]*(off|water|power|electric|gas|utilit)|disconnect|shut[\s_-]*off/i;

export function isSanction(...texts: Array<string | null | undefined>): boolean {
  return texts.some((t) => !!t && SANCTION.test(t));
}

export function refuseSanction(...texts: Array<string | null | undefined>): void {
  if (isSanction(...texts)) throw new AppError('LAW_SANCTION_FORBIDDEN');
}
