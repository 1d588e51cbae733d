import type { FastifyInstance, InjectOptions } from 'fastify';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  raw: string;
}

/** Drives the real HTTP stack (app.inject) as one logged-in browser would: cookie + CSRF header. */
export class TestClient {
  private cookie = '';
  csrf = '';
  user: any = null;
  lang: 'zh' | 'en' = 'zh';

  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, password = 'pass1234'): Promise<this> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.raw}`);
    return this;
  }

  async request<T = any>(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf) h['x-csrf-token'] = this.csrf;
    if (this.lang === 'en') h['accept-language'] = 'en';
    const opts: InjectOptions = { method, url, headers: h };
    if (body !== undefined) opts.payload = body as InjectOptions['payload'];
    const res = await this.app.inject(opts);
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const m = /^pms_sid=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] ? `pms_sid=${m[1]}` : '';
    }
    let parsed: any = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      /* not JSON */
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && parsed.user) {
      this.csrf = parsed.csrfToken ?? '';
      this.user = parsed.user;
    }
    return { status: res.statusCode, body: parsed, headers: res.headers, raw: res.body };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  put<T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('PUT', url, body, headers);
  }
  patch<T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  delete<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', url, undefined, headers);
  }
}
