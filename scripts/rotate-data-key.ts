/**
 * Data-key rotation (R-ARC-6): appends a new key to <DATA_DIR>/keys/data.key and re-encrypts
 * every stored phone and ID number with it. Blind indexes stay valid (their key derives from
 * the first key). Old keys stay in the file for backups; remove one only after every backup
 * that needs it has expired.
 *   npx tsx scripts/rotate-data-key.ts            # new key + re-encrypt
 *   npx tsx scripts/rotate-data-key.ts --reencrypt-only   # e.g. after editing DATA_KEY by hand
 */
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { openDatabase, runMigrations } from '../server/src/kernel/db/index.ts';
import { keyFilePath, loadKeyring, PiiCipher } from '../server/src/kernel/crypto/index.ts';
import { appendDataKey, reencryptAll } from '../server/src/modules/people/rotate-key.ts';

const config = loadConfig();
const onlyReencrypt = process.argv.includes('--reencrypt-only');
if (!onlyReencrypt) {
  if (config.dataKey) {
    console.error('DATA_KEY 在环境变量中：请在其末尾追加一行新密钥 "k2:<base64>"，然后用 --reencrypt-only 运行。\nDATA_KEY is set inline: append a new line "k2:<base64 32 bytes>" to it, then run with --reencrypt-only.');
    process.exit(1);
  }
  loadKeyring('', config.dataDir); // creates the key file if this node never started
  const id = appendDataKey(keyFilePath(config.dataDir));
  console.log(`新密钥 / new key: ${id}`);
}
const pii = new PiiCipher(loadKeyring(config.dataKey, config.dataDir));
const database = await openDatabase(config);
await runMigrations(database);
try {
  const counts = await reencryptAll(database, pii);
  console.log('已重新加密 / re-encrypted:', counts);
} finally {
  await database.close();
}
