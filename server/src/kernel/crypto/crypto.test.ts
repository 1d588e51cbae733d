import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { keyringFrom, PiiCipher, maskIdNumber, maskPhone, hashPassword, verifyPassword } from './index.ts';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('personal-data cipher', () => {
  it('round-trips, never stores the plaintext, and uses a fresh IV each time', () => {
    const c = new PiiCipher(keyringFrom(`k1:${k1}`));
    const a = c.encrypt('13812345678');
    const b = c.encrypt('13812345678');
    expect(a).not.toContain('13812345678');
    expect(a).not.toBe(b);
    expect(c.decrypt(a)).toBe('13812345678');
  });

  it('detects tampering (GCM tag)', () => {
    const c = new PiiCipher(keyringFrom(`k1:${k1}`));
    const parts = c.encrypt('110105199001011234').split('.');
    const ct = Buffer.from(parts[3], 'base64url');
    ct[0] ^= 1;
    parts[3] = ct.toString('base64url');
    expect(() => c.decrypt(parts.join('.'))).toThrow();
  });

  it('after rotation old values still decrypt, new ones use the new key, blind index is unchanged', () => {
    const before = new PiiCipher(keyringFrom(`k1:${k1}`));
    const after = new PiiCipher(keyringFrom(`k1:${k1}\nk2:${k2}`));
    const old = before.encrypt('13900001111');
    expect(after.decrypt(old)).toBe('13900001111');
    expect(after.isStale(old)).toBe(true);
    expect(after.encrypt('x').startsWith('k2.')).toBe(true);
    expect(after.blindIndex('phone', '139 0000 1111')).toBe(before.blindIndex('phone', '+8613900001111'));
  });

  it('blind indexes differ by kind and by key', () => {
    const c = new PiiCipher(keyringFrom(`k1:${k1}`));
    const other = new PiiCipher(keyringFrom(`k1:${k2}`));
    expect(c.blindIndex('phone', '13800000001')).not.toBe(c.blindIndex('idNumber', '13800000001'));
    expect(c.blindIndex('phone', '13800000001')).not.toBe(other.blindIndex('phone', '13800000001'));
  });

  it('masks as the SPEC shows', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('110105199001011234')).toBe('110***********1234');
    expect(maskPhone(null)).toBeNull();
  });

  it('rejects a key of the wrong size', () => {
    expect(() => keyringFrom(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32/);
  });
});

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const h = await hashPassword('correct horse');
    expect(h).not.toContain('correct');
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct hors', h)).toBe(false);
  });
});
