import { AppError } from '../errors/index.ts';
import { decodeCursor } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The last id of the previous page (ids are time-ordered, so id order is creation order). */
export function idCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const v = decodeCursor(cursor);
  if (!v || typeof v[0] !== 'string' || !UUID.test(v[0])) throw new AppError('VALIDATION_FAILED', { reason: 'cursor' });
  return v[0];
}
