import { errorCatalog, type ErrorCode } from './catalog.ts';

export type Lang = 'zh' | 'en';

/** A business error: stable code, HTTP status and a message in zh-CN and en-US from the catalog. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly details?: unknown;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
    super(renderMessage(code, params, 'en'));
    this.code = code;
    this.status = errorCatalog[code].status;
    this.params = params;
    this.details = details;
  }

  message_(lang: Lang): string {
    return renderMessage(this.code, this.params, lang);
  }
}

export function renderMessage(code: ErrorCode, params: Record<string, string | number>, lang: Lang): string {
  const template = errorCatalog[code][lang];
  // `{xEn}` falls back to `{x}` for callers that give one wording for both languages
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? (k.endsWith('En') ? params[k.slice(0, -2)] : undefined) ?? `{${k}}`));
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
