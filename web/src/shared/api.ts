/** Fetch wrapper for /api/v1: cookie session, CSRF header on unsafe methods, localised errors. */
import { getLang } from './lang.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called on any 401 so the app can return to the login page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null) {
  onUnauthorized = fn;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, init: { query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': getLang() === 'en-US' ? 'en' : 'zh-CN', ...init.headers };
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  if (unsafe && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, init.query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', getLang() === 'en-US' ? 'Network error: the server cannot be reached' : '网络错误：无法连接服务器');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    if (res.status === 401 && onUnauthorized && !path.endsWith('/auth/login')) onUnauthorized();
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `${res.status} ${res.statusText}`, err?.details);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** Download a file (e.g. an .xlsx export) with the session cookie and save it in the browser. */
export async function download(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<void> {
  const res = await fetch(withQuery(path, query), { credentials: 'same-origin', headers: { 'accept-language': getLang() === 'en-US' ? 'en' : 'zh-CN' } });
  if (!res.ok) {
    let msg = `${res.status}`;
    let code = `HTTP_${res.status}`;
    try {
      const j = (await res.json()) as { error?: { code: string; message: string } };
      if (j.error) ({ code, message: msg } = j.error);
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, code, msg);
  }
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Lists come as `{items, nextCursor}`; some endpoints may return a bare array. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export function asPage<T>(data: T[] | Page<T> | { items: T[] }): Page<T> {
  if (Array.isArray(data)) return { items: data, nextCursor: null };
  return { items: data.items ?? [], nextCursor: (data as Page<T>).nextCursor ?? null };
}
