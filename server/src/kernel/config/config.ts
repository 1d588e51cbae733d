import path from 'node:path';

/** Typed, frozen configuration read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; when empty the embedded PGlite database under dataDir is used. */
  databaseUrl: string;
  readDatabaseUrl: string;
  /** Demo mode seeds the demo company and allows the published demo passwords. */
  demo: boolean;
  /** base64 32-byte key for personal data; when empty a key file under dataDir is used. */
  dataKey: string;
  mqttUrl: string;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  uploadMaxBytes: number;
  /** Run the in-process worker (deadline sweeper, outbox dispatcher, schedules). */
  worker: boolean;
  secureCookies: boolean;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`配置 ${name} 必须是整数 / ${name} must be an integer (got "${raw}")`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const databaseUrl = env.DATABASE_URL ?? '';
  const cfg: Config = {
    port: int('PORT', 3000, env),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    readDatabaseUrl: env.READ_DATABASE_URL ?? '',
    // Demo data is on by default only for the embedded database (first start on a laptop).
    demo: bool('DEMO', databaseUrl === '', env),
    dataKey: env.DATA_KEY ?? '',
    mqttUrl: env.MQTT_URL ?? '',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 12 * 60, env),
    sessionMaxHours: int('SESSION_MAX_HOURS', 7 * 24, env),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, env),
    loginLockMinutes: int('LOGIN_LOCK_MINUTES', 15, env),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, env),
    worker: bool('WORKER', true, env),
    secureCookies: bool('SECURE_COOKIES', false, env),
    ...overrides,
  };
  return Object.freeze(cfg);
}
