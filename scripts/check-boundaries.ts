/**
 * Module boundaries (docs/development.md): a module imports another module only through its
 * index.ts; the kernel imports no module; module dependencies have no cycles. On the web side the
 * phone apps (web/src/app) and the code both sides share (web/src/shared) never import the staff
 * console (web/src/console) or its UI library (antd): whatever they import ends up in the bundle a
 * technician or an owner downloads on a phone.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const modulesDir = path.join(root, 'server/src/modules');
const kernelDir = path.join(root, 'server/src/kernel');
const importRe = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The files under `dir` whose names match `names` (TypeScript sources by default). */
function walk(dir: string, names = /\.ts$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), names) : names.test(e.name) ? [path.join(dir, e.name)] : []));
}

const problems: string[] = [];
const edges = new Map<string, Set<string>>();
const moduleOf = (file: string) => (file.startsWith(modulesDir + path.sep) ? path.relative(modulesDir, file).split(path.sep)[0] : null);

for (const file of [...walk(modulesDir), ...walk(kernelDir)]) {
  const src = fs.readFileSync(file, 'utf8');
  const from = moduleOf(file);
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    const to = moduleOf(target);
    const rel = path.relative(root, file);
    if (file.startsWith(kernelDir) && to && !rel.includes(`${path.sep}testing${path.sep}`)) problems.push(`${rel}: the kernel must not import module '${to}'`);
    if (from && to && from !== to) {
      // Table definitions may reference another module's tables for foreign keys (schema only).
      const schemaRef = file.endsWith('.tables.ts') && target.endsWith('.tables.ts');
      // Tests and their fixtures may use another module's test fixtures; they are not runtime code.
      const testOnly = /\.(test|fixtures)\.ts$/.test(file);
      if (schemaRef || testOnly) continue;
      if (path.relative(path.join(modulesDir, to), target) !== 'index.ts') problems.push(`${rel}: import '${spec}' reaches into module '${to}' — import its index.ts`);
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
}

// Web: the phone apps and the shared code stay free of the console and of antd.
const webDir = path.join(root, 'web/src');
const consoleDir = path.join(webDir, 'console');
for (const file of [...walk(path.join(webDir, 'app'), /\.tsx?$/), ...walk(path.join(webDir, 'shared'), /\.tsx?$/)]) {
  const rel = path.relative(root, file);
  for (const m of fs.readFileSync(file, 'utf8').matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (spec === 'antd' || spec.startsWith('antd/') || spec.startsWith('@ant-design/')) problems.push(`${rel}: imports '${spec}', the console's UI library — phone code uses antd-mobile`);
    else if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(consoleDir + path.sep)) problems.push(`${rel}: import '${spec}' reaches into the staff console — move what both need to web/src/shared`);
  }
}

// Cycle detection over module dependencies.
const state = new Map<string, 'visiting' | 'done'>();
function visit(n: string, trail: string[]) {
  if (state.get(n) === 'done') return;
  if (state.get(n) === 'visiting') {
    problems.push(`module cycle: ${[...trail.slice(trail.indexOf(n)), n].join(' → ')}`);
    return;
  }
  state.set(n, 'visiting');
  for (const m of edges.get(n) ?? []) visit(m, [...trail, n]);
  state.set(n, 'done');
}
for (const n of edges.keys()) visit(n, []);

if (problems.length) {
  console.error(`模块边界检查失败 / module boundary check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`module boundaries ok (${edges.size} modules with dependencies)`);
