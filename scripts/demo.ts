import { loadConfig } from '../server/src/kernel/config/index.ts';
import { createDeps } from '../server/src/runtime.ts';
import { DEMO_COMPANY, seedDemo } from './demo-data/seed.ts';

// `npm run demo`: add the demo company to whatever database is configured (idempotent).
const deps = await createDeps(loadConfig());
const t = Date.now();
await seedDemo(deps);
console.log(`演示数据已就绪 / demo data ready: ${DEMO_COMPANY} (${Date.now() - t} ms)`);
await deps.database.close();
