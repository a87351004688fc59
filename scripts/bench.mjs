#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/*.bench.ts, each a ratio against a baseline
// measured in the same run. Prints a table and writes bench/results.json.
import { readdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// Run as `node --import tsx scripts/bench.mjs` (package.json does) so .ts imports work.
const { report } = await import('../bench/harness.ts');

// `npm run bench -- [--check] [name]`: with --check, exit 1 when any target is missed (or a
// benchmark fails to run), so the README's figures can be regenerated and trusted.
const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.find((a) => !a.startsWith('--'));
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
const all = [];
for (const file of files) {
  const mod = await import(pathToFileURL(resolve('bench', file)).href);
  try {
    const ratios = await mod.run();
    report(file.replace('.bench.ts', ''), ratios);
    all.push(...ratios.map((r) => ({ bench: file, ...r })));
  } catch (err) {
    console.error(`\n${file} failed: ${err.message}`);
    all.push({ bench: file, name: 'failed to run', ratio: NaN, target: '', pass: false, detail: String(err.message) });
  }
}
writeFileSync(
  'bench/results.json',
  JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results: all }, null, 2) + '\n',
);
console.log(`\n${all.filter((r) => r.pass).length} of ${all.length} targets met; written to bench/results.json`);
const missed = all.filter((r) => !r.pass);
if (check && missed.length) {
  console.error(`--check: ${missed.length} target(s) missed: ${missed.map((r) => `${r.bench}: ${r.name}`).join('; ')}`);
  process.exitCode = 1;
}
