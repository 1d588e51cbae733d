import { maskPhone } from '../../kernel/crypto/index.ts';

/** Where SMS go. Real gateways (Aliyun, Tencent …) implement this later. */
export interface SmsProvider {
  send(to: string, text: string): Promise<{ ok: true; providerId?: string } | { ok: false; error: string }>;
}

/**
 * The default provider: sends nothing, records what would have been sent (masked phone),
 * so the delivery state and the message text can be checked without a gateway.
 */
export class RecordingSmsProvider implements SmsProvider {
  readonly sent: Array<{ to: string; text: string }> = [];
  async send(to: string, text: string) {
    this.sent.push({ to: maskPhone(to) ?? '', text });
    if (this.sent.length > 1000) this.sent.shift();
    return { ok: true as const, providerId: `rec-${this.sent.length}` };
  }
}

let provider: SmsProvider = new RecordingSmsProvider();
export const smsProvider = () => provider;
export function setSmsProvider(p: SmsProvider): void {
  provider = p;
}
