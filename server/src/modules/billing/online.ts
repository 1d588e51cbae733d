import fs from 'node:fs';
import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors/index.ts';

/**
 * Online payment providers. Checkout goes through an interface (the real servers are not
 * reachable here); notifications are verified with the providers' real protocols:
 * WeChat Pay API v3 (RSA-SHA256 signature + AES-256-GCM resource) and Alipay RSA2.
 */
export interface PaymentsConfig {
  wechat?: { platformPublicKeyPem: string; apiV3Key: string; mchId?: string };
  alipay?: { publicKeyPem: string; appId?: string };
  /** WeChat notifications older (or newer) than this are refused. */
  maxSkewSeconds: number;
  /** Alipay notifications whose notify_time is further than this from now are refused. */
  alipayMaxAgeSeconds: number;
  /** Pending online payments older than this are asked about actively (query job). */
  queryAfterMinutes: number;
}

const envInt = (v: string | undefined, dflt: number) => (v && /^\d+$/.test(v) ? Number(v) : dflt);

const pem = (v: string | undefined) => (v && !v.includes('BEGIN') && fs.existsSync(v) ? fs.readFileSync(v, 'utf8') : v);

function fromEnv(env: NodeJS.ProcessEnv): PaymentsConfig {
  const wxKey = pem(env.WECHATPAY_PLATFORM_PUBLIC_KEY);
  const aliKey = pem(env.ALIPAY_PUBLIC_KEY);
  return {
    wechat: wxKey && env.WECHATPAY_APIV3_KEY ? { platformPublicKeyPem: wxKey, apiV3Key: env.WECHATPAY_APIV3_KEY, mchId: env.WECHATPAY_MCHID } : undefined,
    alipay: aliKey ? { publicKeyPem: aliKey, appId: env.ALIPAY_APP_ID } : undefined,
    maxSkewSeconds: 300,
    alipayMaxAgeSeconds: envInt(env.ALIPAY_NOTIFY_MAX_AGE_SECONDS, 300),
    queryAfterMinutes: envInt(env.PAYMENT_QUERY_AFTER_MINUTES, 5),
  };
}

let config: PaymentsConfig = fromEnv(process.env);

/** Set provider keys (tests, or a deployment that loads them from elsewhere). */
export function configurePayments(c: Partial<PaymentsConfig>): void {
  config = { ...config, ...c };
}
export const paymentsConfig = (): Readonly<PaymentsConfig> => config;

/** The keys one verification uses: a company's own (payment_provider_keys) or the env/configured ones. */
export interface ProviderKeys {
  companyId: string | null;
  wechat?: PaymentsConfig['wechat'];
  alipay?: PaymentsConfig['alipay'];
}
export const defaultKeys = (): ProviderKeys => ({ companyId: null, wechat: config.wechat, alipay: config.alipay });

export interface Checkout {
  provider: 'wechat' | 'alipay';
  outTradeNo: string;
  amountFen: number;
  /** What the owner's phone opens or shows as a QR code. */
  payUrl: string;
}

/**
 * A provider's signed answer to a trade query, as it came over the wire: WeChat Pay v3 signs
 * "timestamp\nnonce\nbody\n" (headers), Alipay signs the JSON text of `alipay_trade_query_response`.
 */
export type TradeAnswer =
  | { provider: 'wechat'; timestamp: string; nonce: string; signature: string; serial?: string; body: string }
  | { provider: 'alipay'; response: string; sign: string };

export interface CheckoutProvider {
  createOrder(order: { outTradeNo: string; amountFen: number; description: string }): Promise<Checkout>;
  /** Active query (主动查单): null when the provider cannot be asked (dev without keys). */
  queryTrade?(outTradeNo: string): Promise<TradeAnswer | null>;
}

/** Development provider: a fake pay URL; confirmation still needs a verified notification. */
const devProviders: Record<'wechat' | 'alipay', CheckoutProvider> = {
  wechat: { createOrder: async (o) => ({ provider: 'wechat', outTradeNo: o.outTradeNo, amountFen: o.amountFen, payUrl: `weixin://wxpay/bizpayurl?pr=dev-${o.outTradeNo}` }) },
  alipay: { createOrder: async (o) => ({ provider: 'alipay', outTradeNo: o.outTradeNo, amountFen: o.amountFen, payUrl: `https://qr.alipay.com/dev-${o.outTradeNo}` }) },
};
let providers = devProviders;
export function setCheckoutProviders(p: Partial<Record<'wechat' | 'alipay', CheckoutProvider>>): void {
  providers = { ...providers, ...p };
}
export const checkoutProvider = (m: 'wechat' | 'alipay') => providers[m];

export interface VerifiedNotice {
  provider: 'wechat' | 'alipay';
  notifyId: string;
  nonce: string | null;
  outTradeNo: string;
  providerTradeNo: string;
  amountFen: number;
  success: boolean;
  payload: Record<string, unknown>;
}

const header = (h: Record<string, unknown>, name: string) => {
  const v = h[name.toLowerCase()];
  return typeof v === 'string' ? v : '';
};

/** WeChat Pay API v3 notification: signature over "timestamp\nnonce\nbody\n", stale check, AES-GCM resource. */
export function verifyWechatNotice(headers: Record<string, unknown>, rawBody: string, now: Date, keys: ProviderKeys = defaultKeys()): VerifiedNotice {
  const wx = keys.wechat;
  if (!wx) throw new AppError('NOTIFY_SIGNATURE_INVALID');
  const ts = header(headers, 'Wechatpay-Timestamp');
  const nonce = header(headers, 'Wechatpay-Nonce');
  const signature = header(headers, 'Wechatpay-Signature');
  if (!/^\d{1,12}$/.test(ts) || !nonce || !signature) throw new AppError('NOTIFY_SIGNATURE_INVALID');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${ts}\n${nonce}\n${rawBody}\n`);
  let ok: boolean;
  try {
    ok = verifier.verify(wx.platformPublicKeyPem, signature, 'base64');
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('NOTIFY_SIGNATURE_INVALID');
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > config.maxSkewSeconds) throw new AppError('NOTIFY_STALE');
  let body: { id?: string; event_type?: string; resource?: { algorithm?: string; ciphertext?: string; associated_data?: string; nonce?: string } };
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new AppError('NOTIFY_SIGNATURE_INVALID');
  }
  const res = body.resource;
  if (!body.id || !res?.ciphertext || !res.nonce || res.algorithm !== 'AEAD_AES_256_GCM') throw new AppError('NOTIFY_SIGNATURE_INVALID');
  let plain: { out_trade_no?: string; transaction_id?: string; trade_state?: string; amount?: { total?: number } };
  try {
    const data = Buffer.from(res.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(wx.apiV3Key, 'utf8'), Buffer.from(res.nonce, 'utf8'));
    decipher.setAAD(Buffer.from(res.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    plain = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8'));
  } catch {
    throw new AppError('NOTIFY_SIGNATURE_INVALID');
  }
  if (!plain.out_trade_no || !Number.isSafeInteger(plain.amount?.total)) throw new AppError('NOTIFY_MISMATCH', { reason: 'resource' });
  return {
    provider: 'wechat',
    notifyId: body.id,
    nonce,
    outTradeNo: plain.out_trade_no,
    providerTradeNo: plain.transaction_id ?? '',
    amountFen: plain.amount!.total!,
    success: body.event_type === 'TRANSACTION.SUCCESS' && plain.trade_state === 'SUCCESS',
    payload: { id: body.id, event_type: body.event_type, resource: plain },
  };
}

/** The string Alipay signs: every parameter except sign and sign_type, sorted, k=v joined by &. */
export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && params[k] !== '' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** '123.45' yuan → 12345 fen, by string (never a float). */
export function yuanToFen(v: string): number {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) throw new AppError('NOTIFY_MISMATCH', { reason: 'total_amount' });
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Alipay asynchronous notification, RSA2 (RSA-SHA256) verified with the Alipay public key. */
export function verifyAlipayNotice(params: Record<string, string>, now: Date, keys: ProviderKeys = defaultKeys()): VerifiedNotice {
  const ali = keys.alipay;
  if (!ali || !params.sign || params.sign_type !== 'RSA2') throw new AppError('NOTIFY_SIGNATURE_INVALID');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(alipaySignContent(params), 'utf8');
  let ok: boolean;
  try {
    ok = verifier.verify(ali.publicKeyPem, params.sign, 'base64');
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('NOTIFY_SIGNATURE_INVALID');
  // notify_time is Beijing time "yyyy-MM-dd HH:mm:ss": a notification far from now is refused
  // like WeChat's stale timestamps, so a captured one cannot be played back much later.
  const sent = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.notify_time ?? '') ? Date.parse(`${params.notify_time.replace(' ', 'T')}+08:00`) : NaN;
  if (!Number.isFinite(sent) || Math.abs(now.getTime() - sent) > config.alipayMaxAgeSeconds * 1000) throw new AppError('NOTIFY_STALE');
  if (ali.appId && params.app_id !== ali.appId) throw new AppError('NOTIFY_MISMATCH', { reason: 'app_id' });
  if (!params.notify_id || !params.out_trade_no) throw new AppError('NOTIFY_MISMATCH', { reason: 'fields' });
  return {
    provider: 'alipay',
    notifyId: params.notify_id,
    nonce: null,
    outTradeNo: params.out_trade_no,
    providerTradeNo: params.trade_no ?? '',
    amountFen: yuanToFen(params.total_amount ?? ''),
    success: params.trade_status === 'TRADE_SUCCESS' || params.trade_status === 'TRADE_FINISHED',
    payload: { ...params },
  };
}

export interface VerifiedTrade {
  outTradeNo: string;
  providerTradeNo: string;
  amountFen: number;
  status: 'paid' | 'closed' | 'pending';
}

const verifyRsa = (data: string, pem: string, signature: string) => {
  try {
    return createVerify('RSA-SHA256').update(data, 'utf8').verify(pem, signature, 'base64');
  } catch {
    return false;
  }
};

/** A query answer counts only when its signature verifies with the provider's public key. */
export function verifyTradeAnswer(a: TradeAnswer, keys: ProviderKeys, now: Date): VerifiedTrade {
  if (a.provider === 'wechat') {
    const wx = keys.wechat;
    if (!wx || !/^\d{1,12}$/.test(a.timestamp) || !verifyRsa(`${a.timestamp}\n${a.nonce}\n${a.body}\n`, wx.platformPublicKeyPem, a.signature)) throw new AppError('NOTIFY_SIGNATURE_INVALID');
    if (Math.abs(now.getTime() / 1000 - Number(a.timestamp)) > config.maxSkewSeconds) throw new AppError('NOTIFY_STALE');
    const b = JSON.parse(a.body) as { out_trade_no?: string; transaction_id?: string; trade_state?: string; amount?: { total?: number } };
    if (!b.out_trade_no || !Number.isSafeInteger(b.amount?.total)) throw new AppError('NOTIFY_MISMATCH', { reason: 'query' });
    const st = b.trade_state === 'SUCCESS' ? 'paid' : ['CLOSED', 'REVOKED', 'PAYERROR'].includes(b.trade_state ?? '') ? 'closed' : 'pending';
    return { outTradeNo: b.out_trade_no, providerTradeNo: b.transaction_id ?? '', amountFen: b.amount!.total!, status: st };
  }
  const ali = keys.alipay;
  if (!ali || !verifyRsa(a.response, ali.publicKeyPem, a.sign)) throw new AppError('NOTIFY_SIGNATURE_INVALID');
  const r = JSON.parse(a.response) as { code?: string; out_trade_no?: string; trade_no?: string; trade_status?: string; total_amount?: string };
  if (r.code !== '10000' || !r.out_trade_no) throw new AppError('NOTIFY_MISMATCH', { reason: 'query' });
  const st = r.trade_status === 'TRADE_SUCCESS' || r.trade_status === 'TRADE_FINISHED' ? 'paid' : r.trade_status === 'TRADE_CLOSED' ? 'closed' : 'pending';
  return { outTradeNo: r.out_trade_no, providerTradeNo: r.trade_no ?? '', amountFen: yuanToFen(r.total_amount ?? ''), status: st };
}

/**
 * A stand-in for the provider's servers (development and tests): it takes orders, can be told
 * what became of a trade, and answers queries signed with the provider key it is given — so the
 * query path is exercised exactly as with the real provider, signature check included.
 */
export class FakeProvider implements CheckoutProvider {
  private trades = new Map<string, { state: 'paid' | 'closed' | 'pending'; amountFen: number; tradeNo: string }>();
  queries = 0;
  constructor(
    readonly provider: 'wechat' | 'alipay',
    private readonly privateKeyPem: string,
    private readonly clock: { now(): Date },
  ) {}

  async createOrder(o: { outTradeNo: string; amountFen: number }): Promise<Checkout> {
    this.trades.set(o.outTradeNo, { state: 'pending', amountFen: o.amountFen, tradeNo: '' });
    return { provider: this.provider, outTradeNo: o.outTradeNo, amountFen: o.amountFen, payUrl: `https://fake-pay.invalid/${this.provider}/${o.outTradeNo}` };
  }

  /** What the payer did (or the provider closed). */
  settle(outTradeNo: string, state: 'paid' | 'closed', amountFen?: number): void {
    const t = this.trades.get(outTradeNo);
    if (!t) throw new Error(`unknown trade ${outTradeNo}`);
    this.trades.set(outTradeNo, { state, amountFen: amountFen ?? t.amountFen, tradeNo: `FAKE${outTradeNo.slice(-10)}` });
  }

  async queryTrade(outTradeNo: string): Promise<TradeAnswer | null> {
    this.queries++;
    const t = this.trades.get(outTradeNo);
    if (!t) return null;
    const sign = (data: string) => createSign('RSA-SHA256').update(data, 'utf8').sign(this.privateKeyPem, 'base64');
    if (this.provider === 'wechat') {
      const body = JSON.stringify({ out_trade_no: outTradeNo, transaction_id: t.tradeNo, trade_state: t.state === 'paid' ? 'SUCCESS' : t.state === 'closed' ? 'CLOSED' : 'NOTPAY', amount: { total: t.amountFen, currency: 'CNY' } });
      const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
      const nonce = randomBytes(16).toString('hex');
      return { provider: 'wechat', timestamp, nonce, signature: sign(`${timestamp}\n${nonce}\n${body}\n`), body };
    }
    const fen = t.amountFen;
    const response = JSON.stringify({
      code: '10000', msg: 'Success', out_trade_no: outTradeNo, trade_no: t.tradeNo,
      trade_status: t.state === 'paid' ? 'TRADE_SUCCESS' : t.state === 'closed' ? 'TRADE_CLOSED' : 'WAIT_BUYER_PAY',
      total_amount: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
    });
    return { provider: 'alipay', response, sign: sign(response) };
  }
}
