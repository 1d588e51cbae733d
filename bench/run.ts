/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose names contain an argument:
 * `npm run bench -- rooms`) one after another, each in its own process so that one bench's
 * database and memory do not disturb the next. A bench prints what it likes; lines of the form
 * `BENCH_RESULT {json}` are also collected into the summary table printed at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  bench: string;
  db: string;
  case: string;
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms?: number;
  ratio?: number;
  note?: string;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`没有匹配的基准测试 / no bench matches ${filters.join(' ')}`);
  process.exit(1);
}

function runOne(file: string): Promise<{ code: number; ms: number; results: BenchResult[] }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const results: BenchResult[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('BENCH_RESULT ')) results.push(JSON.parse(line.slice(13)) as BenchResult);
        else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, ms: performance.now() - started, results }));
  });
}

const summary: Array<{ file: string; code: number; ms: number }> = [];
const all: BenchResult[] = [];
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const r = await runOne(file);
  summary.push({ file, code: r.code, ms: r.ms });
  all.push(...r.results);
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '' : n.toFixed(digits));
if (all.length) {
  console.log('\nbench | db | case | p50 ms | p99 ms | baseline p50 ms | ratio | note');
  console.log('--- | --- | --- | ---: | ---: | ---: | ---: | ---');
  for (const r of all) console.log(`${r.bench} | ${r.db} | ${r.case} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.baselineP50Ms)} | ${r.ratio === undefined ? '' : `${fmt(r.ratio, 1)}×`} | ${r.note ?? ''}`);
}
console.log('\nfile | exit | seconds');
for (const s of summary) console.log(`${s.file} | ${s.code === 0 ? 'ok' : `FAILED (${s.code})`} | ${(s.ms / 1000).toFixed(1)}`);
process.exit(summary.some((s) => s.code !== 0) ? 1 : 0);
