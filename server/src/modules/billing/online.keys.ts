import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { PiiCipher } from '../../kernel/crypto/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { requireCompanyPermission, type Actor } from '../../kernel/permissions/index.ts';
import { paymentProviderKeys } from './billing.tables.ts';
import { defaultKeys, type ProviderKeys } from './online.ts';

/**
 * Online payment keys per company (R-FEE-4). The APIv3 key and private keys are stored
 * encrypted with the PiiCipher and never leave the server; the API shows only public facts
 * (merchant id, key serial, public-key fingerprint, whether secrets are set). Without a row the
 * env keys apply (online.ts).
 */
export type WechatKeysInput = { merchantId: string; serial: string; platformPublicKeyPem: string; apiV3Key: string; merchantPrivateKeyPem?: string };
export type AlipayKeysInput = { merchantId: string; alipayPublicKeyPem: string; appPrivateKeyPem?: string };

const invalid = (reason: string, reasonEn: string) => new AppError('PROVIDER_KEYS_INVALID', { reason, reasonEn });

function publicPem(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw invalid('公钥无法解析（需要 PEM 格式）', 'the public key cannot be read (PEM expected)');
  }
}
function checkPrivate(pem: string | undefined): void {
  if (!pem) return;
  try {
    createPrivateKey(pem);
  } catch {
    throw invalid('私钥无法解析（需要 PEM 格式）', 'the private key cannot be read (PEM expected)');
  }
}
const fingerprint = (pem: string) => createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

export async function setProviderKeys(db: Db, clock: Clock, pii: PiiCipher, actor: Actor, provider: 'wechat' | 'alipay', input: WechatKeysInput | AlipayKeysInput) {
  requireCompanyPermission(actor, 'company.manage');
  let row: typeof paymentProviderKeys.$inferInsert;
  if (provider === 'wechat') {
    const w = input as WechatKeysInput;
    if (Buffer.byteLength(w.apiV3Key, 'utf8') !== 32) throw invalid('APIv3 密钥应为 32 个字符', 'the APIv3 key must be 32 characters');
    checkPrivate(w.merchantPrivateKeyPem);
    row = { companyId: actor.companyId, provider, merchantId: w.merchantId, serial: w.serial, publicKeyPem: publicPem(w.platformPublicKeyPem), secretEnc: pii.encrypt(w.apiV3Key), privateKeyEnc: w.merchantPrivateKeyPem ? pii.encrypt(w.merchantPrivateKeyPem) : null, updatedBy: actor.userId, updatedAt: clock.now() };
  } else {
    const a = input as AlipayKeysInput;
    checkPrivate(a.appPrivateKeyPem);
    row = { companyId: actor.companyId, provider, merchantId: a.merchantId, serial: null, publicKeyPem: publicPem(a.alipayPublicKeyPem), secretEnc: null, privateKeyEnc: a.appPrivateKeyPem ? pii.encrypt(a.appPrivateKeyPem) : null, updatedBy: actor.userId, updatedAt: clock.now() };
  }
  return db.transaction(async (tx) => {
    const { companyId: _c, provider: _p, ...set } = row;
    const [saved] = await tx.insert(paymentProviderKeys).values(row).onConflictDoUpdate({ target: [paymentProviderKeys.companyId, paymentProviderKeys.provider], set }).returning();
    // Only public facts go to the audit log.
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, action: 'payment.providerKeys.set', subjectType: 'payment_provider', subjectId: null, data: { provider, merchantId: saved.merchantId, serial: saved.serial, fingerprint: fingerprint(saved.publicKeyPem) } });
    return keysView(saved);
  });
}

export function keysView(k: typeof paymentProviderKeys.$inferSelect) {
  return {
    provider: k.provider,
    merchantId: k.merchantId,
    serial: k.serial,
    publicKeyFingerprint: fingerprint(k.publicKeyPem),
    hasSecret: !!k.secretEnc,
    hasPrivateKey: !!k.privateKeyEnc,
    updatedAt: k.updatedAt.toISOString(),
  };
}

export async function listProviderKeys(db: Db, actor: Actor) {
  requireCompanyPermission(actor, 'company.manage');
  const list = await db.select().from(paymentProviderKeys).where(eq(paymentProviderKeys.companyId, actor.companyId));
  return list.map(keysView);
}

function toKeys(k: typeof paymentProviderKeys.$inferSelect, pii: PiiCipher): ProviderKeys {
  return k.provider === 'wechat'
    ? { companyId: k.companyId, wechat: { platformPublicKeyPem: k.publicKeyPem, apiV3Key: pii.decrypt(k.secretEnc!), mchId: k.merchantId } }
    : { companyId: k.companyId, alipay: { publicKeyPem: k.publicKeyPem, appId: k.merchantId } };
}

/**
 * Keys for an incoming notification, found by what it names before it is trusted: WeChat's
 * Wechatpay-Serial (platform key id), Alipay's app_id. Unknown → the env keys (companyId null).
 */
export async function keysForNotice(db: Db, pii: PiiCipher, provider: 'wechat' | 'alipay', hint: string | undefined): Promise<ProviderKeys> {
  if (hint) {
    const col = provider === 'wechat' ? paymentProviderKeys.serial : paymentProviderKeys.merchantId;
    const [k] = await db.select().from(paymentProviderKeys).where(and(eq(paymentProviderKeys.provider, provider), eq(col, hint)));
    if (k) return toKeys(k, pii);
  }
  return defaultKeys();
}

/** Keys of a company (active query), else the env keys. */
export async function keysForCompany(db: Db, pii: PiiCipher, provider: 'wechat' | 'alipay', companyId: string): Promise<ProviderKeys> {
  const [k] = await db.select().from(paymentProviderKeys).where(and(eq(paymentProviderKeys.provider, provider), eq(paymentProviderKeys.companyId, companyId)));
  return k ? toKeys(k, pii) : defaultKeys();
}
