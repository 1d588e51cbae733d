import { randomBytes } from 'node:crypto';

/**
 * Time-ordered UUID (RFC 9562 v7): ids sort by creation, so cursor pagination on id is
 * creation order and B-tree inserts stay local. The database has the same generator (uuid7()).
 */
export function uuid7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
