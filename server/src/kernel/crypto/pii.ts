import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.ts';

export type PiiKind = 'phone' | 'idNumber';

/** Encrypts, decrypts and indexes personal data with one keyring. */
export class PiiCipher {
  constructor(private readonly ring: Keyring) {}

  /** AES-256-GCM; stored as "keyId.iv.tag.ciphertext" (base64url parts). */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(this.ring.currentId)!, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.ring.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    const [id, iv, tag, ct] = stored.split('.');
    const key = this.ring.keys.get(id);
    if (!key) throw new Error(`unknown data key ${id}`);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** Whether a stored value was written with an older key (for rotation). */
  isStale(stored: string): boolean {
    return !stored.startsWith(`${this.ring.currentId}.`);
  }

  /** HMAC blind index: equality look-ups without storing the value. */
  blindIndex(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.ring.indexKey).update(`${kind}:${normalizePii(kind, value)}`).digest('base64url');
  }
}

export function normalizePii(kind: PiiKind, value: string): string {
  const v = value.trim();
  if (kind === 'phone') return v.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return v.toUpperCase();
}
