#!/usr/bin/env node
// The one test command (`npm test`): the linter first (a finding stops the run before the
// slow steps), type checks, host and plugin tests in Node on SQLite and (when reachable)
// PostgreSQL, then the elements in headless Chromium.
// `npm test -- node` or `-- browser` runs one half.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findTests } from './test-files.mjs';
import net from 'node:net';

const only = process.argv[2];
const results = [];
// Unset or empty: the local server CI and this machine have.
const PG_URL = process.env.GLASSPANE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Runs a command, echoing its output, and collects the runner's pass/fail counts. */
function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    const echo = (stream) => (chunk) => {
      out += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => {
      // node:test (spec reporter) prints "ℹ pass N"; web-test-runner "N passed, N failed".
      // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ … m) from the runners' output
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      const num = (re) => Number((plain.match(re) ?? [])[1] ?? 0);
      const wtr = [...plain.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
      const counts = /ℹ pass \d/.test(plain)
        ? { passed: num(/ℹ pass (\d+)/), failed: num(/ℹ fail (\d+)/) + num(/ℹ cancelled (\d+)/), skipped: num(/ℹ skipped (\d+)/) }
        : { passed: Number(wtr?.[1] ?? 0), failed: Number(wtr?.[2] ?? 0), skipped: Number(wtr?.[3] ?? 0) };
      results.push({ label, code, ...counts });
      resolve(code);
    });
  });
}

function pgReachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    socket.setTimeout(1500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && existsSync(p));
}

function ensureChromium() {
  let chrome = findChromium();
  if (chrome) return chrome;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('\nNo Chromium found: installing Debian\'s "chromium" package (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    chrome = findChromium();
  }
  if (!chrome) {
    console.error(
      '\nThe element tests need Chromium and none was found.\n' +
        'Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or point CHROME_PATH at a Chrome/Chromium binary.',
    );
  }
  return chrome;
}

const nodeBin = process.execPath;
const tsc = 'node_modules/typescript/bin/tsc';
const NODE_TEST = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1'];

// ESLint (eslint.config.js), as `npm run lint` runs it; its cache makes a second run take seconds.
if (
  (await run('Lint', nodeBin, [
    'node_modules/eslint/bin/eslint.js',
    '--cache',
    '--cache-location',
    '.eslintcache',
    '--cache-strategy',
    'content',
    '--max-warnings',
    '0',
    '.',
  ])) !== 0
) {
  console.error('\n✘ Lint failed: fix the findings above (`npm run lint`) before the tests run.');
  process.exit(1);
}

// Prettier (.prettierrc.json): the code's layout, checked, never rewritten here (`npm run format` does that).
if (
  (await run('Format', nodeBin, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '**/*.{ts,js,mjs}'])) !== 0
) {
  console.error('\n✘ Format check failed: run `npm run format` and commit the result.');
  process.exit(1);
}

if (!only || only === 'node') {
  await run('Type check (host, plugins)', nodeBin, [tsc, '-p', 'tsconfig.json', '--noEmit']);
  // The demo test serves the built kit, as `npm start` does.
  await run('Build the kit', nodeBin, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
  // The demo test opens the docs site's live examples too.
  await run('Build the docs site', nodeBin, ['scripts/docs.mjs']);
  ensureChromium();
  const files = [...findTests('host'), ...findTests('plugins'), ...findTests('demo')];
  await run(`Host and plugins on SQLite (${files.length} files)`, nodeBin, [...NODE_TEST, ...files], { GLASSPANE_TEST_DATABASE_URL: '' });
  // What a partner installs: pack the workspaces, install the tarballs outside the repository, use them.
  await run('Packages: pack, install, import, type-check, bundle', nodeBin, [...NODE_TEST, 'scripts/packages.test.ts'], {
    GLASSPANE_TEST_DATABASE_URL: '',
  });
  if (await pgReachable(PG_URL)) {
    const dbFiles = [...findTests('host'), ...findTests('plugins/local')];
    await run(`Host on PostgreSQL ${new URL(PG_URL).host} (${dbFiles.length} files)`, nodeBin, [...NODE_TEST, ...dbFiles], {
      GLASSPANE_TEST_DATABASE_URL: PG_URL,
    });
  } else {
    console.log(
      `\n⚠ PostgreSQL is not reachable at ${new URL(PG_URL).host}: the PostgreSQL run is skipped (the SQLite suite ran).` +
        '\n  Set GLASSPANE_TEST_DATABASE_URL=postgres://… to run it.',
    );
  }
}

if (!only || only === 'browser') {
  await run('Type check (elements)', nodeBin, [tsc, '-p', 'elements/tsconfig.json', '--noEmit']);
  const chrome = ensureChromium();
  if (chrome) {
    // Under tsx: the test runner's config starts the real host (TypeScript) for the elements to talk to.
    await run(
      'Elements in headless Chromium',
      nodeBin,
      ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
      { CHROME_PATH: chrome },
    );
  } else {
    results.push({ label: 'Elements in headless Chromium', code: 1, passed: 0, failed: 0, skipped: 0 });
  }
}

console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.code === 0 ? '✔' : '✘'} ${r.label}${r.passed || r.failed ? `: ${r.passed} passed, ${r.failed} failed` : ''}`);
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
console.log(`all: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
