/**
 * The demo as a user meets it: `demo/server.ts` started as its own process on a free port
 * with a fresh database, the portal opened in headless Chromium under its strict CSP.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';

const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
const built = existsSync('dist/elements/index.js');
const skip = !chrome ? 'no Chromium (set CHROME_PATH)' : !built ? 'the kit is not built (npm run build)' : false;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('the demo portal', { skip }, () => {
  let child: ChildProcess;
  let browser: Browser;
  let base: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-demo-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
      env: { ...process.env, PORT: String(port), GLASSPANE_DEMO_DB: join(dir, 'demo.db'), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Admin key')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c) => (output += c));
      child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    browser = await puppeteer.launch({
      executablePath: chrome,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push((e as Error).message));
    const response = await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
    return { page, problems, response };
  }

  test('acme sees the live Statuspage maintenance that concerns it, under a strict CSP, with no errors', async () => {
    const { page, problems, response } = await open('/?tenant=acme');
    assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/);
    // Page functions are strings: they run in the browser, and this file is type-checked for Node.
    await page.waitForFunction(
      `[...document.querySelectorAll('gp-maintenance-banner')].some((b) => b.shadowRoot?.textContent?.includes('Elevated latency on block storage in FRA1'))`,
      { timeout: 15_000 },
    );
    await page.waitForFunction(`document.querySelector('gp-maintenance-banner[show-all-clear]')?.shadowRoot?.textContent?.includes('Hypervisor security updates')`, { timeout: 15_000 });
    const status = (await page.evaluate(`document.querySelector('gp-maintenance-banner[show-all-clear]').shadowRoot.textContent`)) as string;
    assert.match(status!, /Hypervisor security updates in FRA1/, 'upcoming maintenance on acme servers');
    assert.doesNotMatch(status!, /Router firmware upgrade in AMS1/, "globex's maintenance is not shown to acme");
    await page.waitForFunction(`(document.querySelector('gp-server-list')?.shadowRoot?.querySelectorAll('[part="row"]').length ?? 0) >= 4`, { timeout: 15_000 });
    await page.waitForFunction(`!!document.querySelector('gp-usage-gauge')?.shadowRoot?.querySelector('canvas')`, { timeout: 20_000 });
    assert.deepEqual(problems, [], 'no console errors, no CSP violations');
    await page.close();
  });

  test('globex sees its own maintenance, in German', async () => {
    const { page, problems } = await open('/?tenant=globex&lang=de');
    await page.waitForFunction(`document.querySelector('gp-maintenance-banner')?.shadowRoot?.textContent?.includes('Router firmware upgrade in AMS1')`, { timeout: 15_000 });
    const text = (await page.evaluate(`document.querySelector('gp-maintenance-banner').shadowRoot.textContent`)) as string;
    assert.match(text!, /Wartung läuft/);
    // globex's invoices come from NetSuite, in dollars, formatted in German.
    await page.waitForFunction(`(document.querySelector('gp-invoice-list')?.shadowRoot?.querySelectorAll('[part="row"]').length ?? 0) >= 6`, { timeout: 15_000 });
    const invoices = (await page.evaluate(`document.querySelector('gp-invoice-list').shadowRoot.textContent`)) as string;
    assert.match(invoices, /\$/);
    // globex's servers come from Cloud Director.
    await page.waitForFunction(`[...(document.querySelector('gp-server-list')?.shadowRoot?.querySelectorAll('[part="row"] .name') ?? [])].some((n) => n.textContent === 'app-01')`, { timeout: 15_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the kit is served to other origins as module scripts', async () => {
    const res = await fetch(`${base}/elements/index.js`, { headers: { origin: 'https://portal.elsewhere.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  });
});
