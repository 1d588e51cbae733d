export { loadKeyring, keyringFrom, keyFilePath, type Keyring } from './keyring.ts';
export { PiiCipher, normalizePii, type PiiKind } from './pii.ts';
export { maskPhone, maskIdNumber, MAINLAND_MOBILE } from './mask.ts';
export { hashPassword, verifyPassword, randomToken, sha256 } from './secrets.ts';
