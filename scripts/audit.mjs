#!/usr/bin/env node
// CI's dependency audit: fails on high or critical advisories. When the registry's
// advisory endpoint cannot be reached (an offline mirror answers 405), it says so and
// does not pretend the dependencies were checked.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.log(`⚠ npm audit gave no readable answer; the dependencies were NOT audited.\n${run.stderr.slice(0, 500)}`);
  process.exit(0);
}
if (report.statusCode || report.message) {
  console.log(
    `⚠ The registry's advisory endpoint is unavailable here (${report.message ?? report.statusCode}); the dependencies were NOT audited.`,
  );
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `npm audit: ${
    Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'no advisories'
  }`,
);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
    if (v.severity === 'high' || v.severity === 'critical') console.log(`  ${v.severity}: ${name} (${v.range})`);
  process.exit(1);
}
