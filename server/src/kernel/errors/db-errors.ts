import { pgErrorCode } from '../db/pg-error.ts';
import { AppError } from './app-error.ts';
import type { ErrorCode } from './catalog.ts';

type Mapping = { code: ErrorCode; params: Record<string, string> };
const constraints = new Map<string, Mapping>();

/**
 * Name what a database constraint means to a user, once, next to the table that declares it:
 * registerConstraint('rooms_community_code_uq', 'DUPLICATE', { what: '房号' }).
 */
export function registerConstraint(name: string, code: ErrorCode, params: Record<string, string> = {}): void {
  constraints.set(name, { code, params });
}

/** Turn a constraint violation into an AppError; anything else is returned unchanged. */
export function mapDbError(err: unknown): unknown {
  const pg = pgErrorCode(err);
  if (!pg?.code) return err;
  const known = pg.constraint ? constraints.get(pg.constraint) : undefined;
  if (known) return new AppError(known.code, known.params);
  switch (pg.code) {
    case '23505':
      return new AppError('DUPLICATE', { what: '记录' });
    case '23503':
      return new AppError('VALIDATION_FAILED', { reason: '引用的数据不存在 / referenced record does not exist' });
    case '23514':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new AppError('VALIDATION_FAILED', { reason: pg.constraint ?? pg.code });
    default:
      return err;
  }
}
