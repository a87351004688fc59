#!/usr/bin/env node
// `npm run test:clock [-- files…]`: the host and plugin tests in Node with the clock at the
// instants where date arithmetic breaks: a month's first 30 seconds (also a new year), the
// 31st, 29 February, and 23:59 in UTC+14 (TZ=Pacific/Kiritimati, where the calendar date is
// a day ahead of UTC). Each instant sets GLASSPANE_TEST_NOW, which only the test helpers'
// default clock reads, and TZ. SQLite unless GLASSPANE_TEST_DATABASE_URL is set. Without
// files it runs every host and plugin test file (the demo's need a build: see `npm test`).
import { spawnSync } from 'node:child_process';
import { findTests } from './test-files.mjs';

/** [label, GLASSPANE_TEST_NOW, TZ] */
export const CLOCK_MATRIX = [
  ['1 January 00:00:30 UTC (first of a month and a year)', '2027-01-01T00:00:30Z', 'UTC'],
  ['31 January (a month on from it has no 31st)', '2027-01-31T12:00:00Z', 'UTC'],
  ['29 February 2028 (leap day)', '2028-02-29T12:00:00Z', 'UTC'],
  ['31 December 23:59 in UTC+14, Pacific/Kiritimati', '2026-12-31T09:59:00Z', 'Pacific/Kiritimati'],
];

const files = process.argv.slice(2).length ? process.argv.slice(2) : [...findTests('host'), ...findTests('plugins')];
const results = [];
for (const [label, now, tz] of CLOCK_MATRIX) {
  console.log(`\n▶ ${label}: GLASSPANE_TEST_NOW=${now} TZ=${tz} (${files.length} files)\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', '--test-concurrency=1', ...files], {
    stdio: 'inherit',
    env: { ...process.env, GLASSPANE_TEST_NOW: now, TZ: tz, GLASSPANE_TEST_DATABASE_URL: process.env.GLASSPANE_TEST_DATABASE_URL ?? '' },
  });
  results.push([label, run.status]);
}
console.log('\nSummary');
for (const [label, code] of results) console.log(`  ${code === 0 ? '✔' : '✘'} ${label}`);
process.exit(results.every(([, code]) => code === 0) ? 0 : 1);
