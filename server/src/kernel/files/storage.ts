import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Content-addressed blob storage: local disk here; an S3-compatible one for many nodes. */
export interface BlobStorage {
  /** Stores the bytes (once per content) and returns their sha256 (hex). */
  put(data: Buffer): Promise<string>;
  get(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
}

const SHA = /^[0-9a-f]{64}$/;

/** <root>/ab/cd/<sha256>: two directory levels keep any one directory small. */
export class LocalDiskStorage implements BlobStorage {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(data: Buffer): Promise<string> {
    const sha = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha);
    if (await this.exists(sha)) return sha;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Write aside, then rename: a reader never sees half a file, and two writers of the
    // same content both end with the same complete file.
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
    return sha;
  }

  get(sha256: string): Readable {
    return fs.createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
