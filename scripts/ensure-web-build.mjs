#!/usr/bin/env node
// Builds web/dist with vite when it is missing or older than any source file of the web app,
// so `npm start` stays fast on restarts and never serves a stale console.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const builtMarker = path.join(dist, 'index.html');

function newestMtime(p) {
  let newest = 0;
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

const inputs = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'app.html'), path.join(web, 'vite.config.ts')];
const sourceTime = Math.max(...inputs.map(newestMtime));
const builtTime = Math.min(newestMtime(builtMarker) || 0, newestMtime(path.join(dist, 'app.html')) || 0);

if (builtTime && builtTime >= sourceTime && process.env.FORCE_WEB_BUILD !== '1') {
  process.exit(0);
}

console.log(builtTime ? '网页源码有更新，重新构建 / web sources changed, rebuilding web/dist …' : '首次构建网页 / building web/dist (first start) …');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const res = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (res.status !== 0) {
  console.error('网页构建失败 / web build failed');
  process.exit(res.status ?? 1);
}
