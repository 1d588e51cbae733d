import { createHash, timingSafeEqual } from 'node:crypto';
import type { PiiCipher } from '../../kernel/crypto/index.ts';

/**
 * QR intake tokens (R-DESK-1): the code posted at a place or on equipment carries
 * community + place, signed with the installation's HMAC key (the PII index key, under a
 * "qr" domain), so a forged or edited code is refused and no table of codes is needed.
 */
export interface QrTarget {
  communityId: string;
  kind: 'common_area' | 'equipment';
  id: string;
}

// blindIndex upper-cases its input, so sign the hex digest (case-insensitive by nature).
const sign = (pii: PiiCipher, payload: string) => pii.blindIndex('idNumber', `QR:${createHash('sha256').update(payload).digest('hex')}`).slice(0, 22);

const uuidBytes = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Short enough for a small QR code and a URL path: 33 bytes (kind + two uuids) + signature. */
export function makeQrToken(pii: PiiCipher, t: QrTarget): string {
  const payload = Buffer.concat([Buffer.from([t.kind === 'equipment' ? 1 : 0]), uuidBytes(t.communityId), uuidBytes(t.id)]).toString('base64url');
  return `${payload}.${sign(pii, payload)}`;
}

export function readQrToken(pii: PiiCipher, token: string): QrTarget | null {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return null;
  const want = Buffer.from(sign(pii, payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  const b = Buffer.from(payload, 'base64url');
  if (b.length !== 33 || b[0] > 1) return null;
  return { communityId: uuidText(b.subarray(1, 17)), kind: b[0] === 1 ? 'equipment' : 'common_area', id: uuidText(b.subarray(17, 33)) };
}
