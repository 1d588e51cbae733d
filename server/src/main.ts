import { loadConfig } from './kernel/config/index.ts';
import { buildApp } from './app.ts';
import { createDeps, startBackground } from './runtime.ts';
import { seedDemoIfEmpty } from '../../scripts/demo-data/seed.ts';

const config = loadConfig();
const deps = await createDeps(config);
if (config.demo) await seedDemoIfEmpty(deps);
const app = await buildApp(deps, { logger: { level: config.logLevel }, web: true });
const stopBackground = await startBackground(deps);
await app.listen({ port: config.port, host: config.host });
const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
console.log(`\n  物业管理系统已启动 / PMS is running:\n    员工控制台 console:   http://${shown}:${config.port}/\n    业主端 owner app:     http://${shown}:${config.port}/app/\n    API 文档 docs:         http://${shown}:${config.port}/api/docs\n    数据库 database:       ${config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`}\n`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, async () => {
    await stopBackground();
    await app.close();
    await deps.database.close();
    process.exit(0);
  });
}
