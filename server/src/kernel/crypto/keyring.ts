import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, hkdfSync } from 'node:crypto';

/**
 * Keys for personal data. The key file holds one line per key ("id:base64"); the last line is
 * the current encryption key, older ones stay for decryption until a rotation re-encrypts.
 * The blind-index key is derived from the FIRST key so look-ups survive rotation.
 */
export interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
  indexKey: Buffer;
}

function parse(text: string): Array<[string, Buffer]> {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [id, b64] = l.includes(':') ? (l.split(':', 2) as [string, string]) : ['k1', l];
      const key = Buffer.from(b64, 'base64');
      if (key.length !== 32) throw new Error(`数据密钥 ${id} 长度必须为 32 字节 / data key ${id} must be 32 bytes`);
      return [id, key] as [string, Buffer];
    });
}

export function keyringFrom(text: string): Keyring {
  const entries = parse(text);
  if (entries.length === 0) throw new Error('数据密钥为空 / no data key');
  const keys = new Map(entries);
  const indexKey = Buffer.from(hkdfSync('sha256', entries[0][1], Buffer.alloc(0), 'pms-blind-index-v1', 32));
  return { currentId: entries[entries.length - 1][0], keys, indexKey };
}

/** DATA_KEY (inline) wins; otherwise <dataDir>/keys/data.key, created 0600 on first start. */
export function loadKeyring(dataKey: string, dataDir: string): Keyring {
  if (dataKey) return keyringFrom(dataKey);
  const file = path.join(dataDir, 'keys', 'data.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `# 个人信息加密密钥 — back this file up; without it personal data cannot be read\nk1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return keyringFrom(fs.readFileSync(file, 'utf8'));
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, 'keys', 'data.key');
}
