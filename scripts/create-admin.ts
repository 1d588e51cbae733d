import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { createDeps } from '../server/src/runtime.ts';
import { createFirstAdmin } from '../server/src/kernel/auth/first-admin.ts';

// npm run create-admin -- --company "某某物业" --username admin --name 管理员 --password '…'
const { values } = parseArgs({ options: { company: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
if (!values.company || !values.username || !values.password) {
  console.error('用法 / usage: npm run create-admin -- --company 公司名 --username admin --name 姓名 --password 至少8位');
  process.exit(2);
}
const deps = await createDeps(loadConfig());
try {
  const r = await createFirstAdmin(deps.database.db, { companyName: values.company, username: values.username, name: values.name ?? values.username, password: values.password });
  console.log(`管理员已创建 / administrator created: ${values.username} (company ${r.companyId})`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await deps.database.close();
}
