/**
 * The demo as a user meets it: `demo/server.ts` started as its own process on a free port
 * with a fresh database, the portal opened in headless Chromium under its strict CSP.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { ACME_TICKET_HISTORY } from './seed-content.js';
import { freePort, startDemo } from './launch.js';

const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
const built = existsSync('dist/elements/index.js');
const skip = !chrome ? 'no Chromium (set CHROME_PATH)' : !built ? 'the kit is not built (npm run build)' : false;

describe('the demo portal', { skip }, () => {
  let child: ChildProcess;
  let browser: Browser;
  let base: string;
  let dir: string;

  /** Starts the demo on a port with the test's database (kept across restarts). */
  async function start(port: number) {
    child = await startDemo(port, join(dir, 'demo.db'));
  }

  let port = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-demo-'));
    port = await freePort();
    base = `http://localhost:${port}`;
    await start(port);
    browser = await puppeteer.launch({
      executablePath: chrome,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
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
    await page.waitForFunction(
      `document.querySelector('gp-maintenance-banner[show-all-clear]')?.shadowRoot?.textContent?.includes('Hypervisor security updates')`,
      { timeout: 15_000 },
    );
    const status = (await page.evaluate(
      `document.querySelector('gp-maintenance-banner[show-all-clear]').shadowRoot.textContent`,
    )) as string;
    assert.match(status!, /Hypervisor security updates in FRA1/, 'upcoming maintenance on acme servers');
    assert.doesNotMatch(status!, /Router firmware upgrade in AMS1/, "globex's maintenance is not shown to acme");
    await page.waitForFunction(
      `(document.querySelector('gp-server-list')?.shadowRoot?.querySelectorAll('[part="row"]').length ?? 0) >= 4`,
      { timeout: 15_000 },
    );
    await page.waitForFunction(`!!document.querySelector('gp-usage-gauge')?.shadowRoot?.querySelector('canvas')`, { timeout: 20_000 });
    assert.deepEqual(problems, [], 'no console errors, no CSP violations');
    await page.close();
  });

  test('the customer page shows automatic payment once, beside the saved payment methods', async () => {
    const { page, problems } = await open('/?tenant=acme');
    // The elements (with their view) holding a match of `selector`, through every shadow root of the page, nested ones too.
    const holders = (selector: string) => `(() => {
      const found = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          const host = el.getRootNode().host;
          if (el.matches('${selector}')) found.push(host ? host.localName + '[view=' + host.getAttribute('view') + ']' : 'document');
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found;
    })()`;
    await page.waitForFunction(
      `(document.querySelector('gp-invoice-list')?.shadowRoot?.querySelectorAll('[part="row"]').length ?? 0) > 0`,
      { timeout: 15_000 },
    );
    // Every element, nested ones included, past its loading state.
    await page.waitForFunction(
      `${holders('section[part="autopay"]')}.length > 0 && ${holders('[aria-busy="true"], .skeleton')}.length === 0`,
      { timeout: 15_000 },
    );
    // The page's own gp-payment-methods (all of it), not the autopay view the invoice list would embed.
    assert.deepEqual(await page.evaluate(holders('section[part="autopay"]')), ['gp-payment-methods[view=all]']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('globex sees its own maintenance, in German', async () => {
    const { page, problems } = await open('/?tenant=globex&lang=de');
    await page.waitForFunction(
      `document.querySelector('gp-maintenance-banner')?.shadowRoot?.textContent?.includes('Router firmware upgrade in AMS1')`,
      { timeout: 15_000 },
    );
    const text = (await page.evaluate(`document.querySelector('gp-maintenance-banner').shadowRoot.textContent`)) as string;
    assert.match(text!, /Wartung läuft/);
    // globex's invoices come from NetSuite, in dollars, formatted in German.
    await page.waitForFunction(
      `(document.querySelector('gp-invoice-list')?.shadowRoot?.querySelectorAll('[part="row"]').length ?? 0) >= 6`,
      { timeout: 15_000 },
    );
    const invoices = (await page.evaluate(`document.querySelector('gp-invoice-list').shadowRoot.textContent`)) as string;
    assert.match(invoices, /\$/);
    // globex's servers come from Cloud Director.
    await page.waitForFunction(
      `[...(document.querySelector('gp-server-list')?.shadowRoot?.querySelectorAll('[part="row"] .name') ?? [])].some((n) => n.textContent === 'app-01')`,
      { timeout: 15_000 },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('acme goes from a CPU-limit warning on the gauge to a placed upgrade', async () => {
    const { page, problems } = await open('/?tenant=acme');
    const gauge = `document.querySelector('gp-usage-gauge[server-name="web-01"][metric="cpu"]')`;
    await page.waitForFunction(`${gauge}?.shadowRoot?.textContent?.includes('At the CPU limit')`, { timeout: 20_000 });
    await page.evaluate(`${gauge}.shadowRoot.querySelector('[part="upgrade"]').click()`);
    const wizard = `document.querySelector('gp-upgrade-wizard').shadowRoot`;
    await page.waitForFunction(`!!${wizard}.querySelector('input[name="plan"]:checked')`, { timeout: 15_000 });
    const chosen = await page.evaluate(`${wizard}.querySelector('input[name="plan"]:checked').closest('tr').textContent`);
    assert.match(String(chosen), /Cloud L/, 'the plan with room for the CPU peak is preselected');
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Next').click()`);
    await page.waitForFunction(`!!${wizard}.querySelector('[part="summary"]')`, { timeout: 15_000 });
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Place order').click()`);
    await page.waitForFunction(`${wizard}.textContent.includes('was placed')`, { timeout: 15_000 });
    await page.waitForFunction(
      `[...document.querySelector('gp-order-status').shadowRoot.querySelectorAll('[part="order"]')].some((o) => o.textContent.includes('web-01') && o.textContent.includes('Completed'))`,
      { timeout: 15_000 },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the account manager re-codes the mistyped order and approves it', async () => {
    const { page, problems } = await open('/?tenant=acme&view=staff');
    const review = `document.querySelector('gp-order-review').shadowRoot`;
    await page.waitForFunction(`${review}?.textContent?.includes('please make it cheaper')`, { timeout: 15_000 });
    await page.evaluate(
      `(() => { const s = ${review}.querySelector('select'); s.value = 'downgrade'; [...${review}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Correct').click(); })()`,
    );
    await page.waitForFunction(`${review}.textContent.includes('Coded as: Downgrade')`, { timeout: 15_000 });
    await page.evaluate(`[...${review}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Approve').click()`);
    await page.waitForFunction(`${review}.textContent.includes('Nothing waits for you')`, { timeout: 15_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('acme follows a hardware refresh to "device received"', async () => {
    const session = async (view: string) =>
      ((await (await fetch(`${base}/portal/session?tenant=acme&view=${view}`)).json()) as { token: string }).token;
    const [customer, staff] = [await session('customer'), await session('staff')];
    const call = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as any;
    };
    const plans = await call(customer, 'GET', '/service-plans');
    const bm = plans.data.find((p: any) => p.attributes.serviceName === 'bm-01');
    const placed = await call(
      customer,
      'POST',
      '/orders',
      { data: { type: 'orders', attributes: { type: 'refresh', serviceId: bm.id, planId: 'dedicated-g2' } } },
      { 'idempotency-key': 'demo-test-refresh' },
    );
    assert.equal(placed.data.attributes.state, 'in_review');
    const approved = await call(staff, 'POST', `/orders/${placed.data.id}/review`, {
      data: { type: 'order-reviews', attributes: { action: 'approve' } },
    });
    assert.equal(approved.data.attributes.state, 'awaiting_delivery');
    await call(staff, 'POST', `/orders/${placed.data.id}/review`, {
      data: { type: 'order-reviews', attributes: { action: 'ship', carrier: 'DHL Freight', trackingNumber: 'JD0146000062' } },
    });
    const delivered = await call(staff, 'POST', `/orders/${placed.data.id}/review`, {
      data: { type: 'order-reviews', attributes: { action: 'delivered' } },
    });
    assert.equal(delivered.data.attributes.state, 'awaiting_device_return');
    await call(customer, 'POST', `/orders/${placed.data.id}/attestation`, {
      data: { type: 'attestations', attributes: { wiped: true, statement: 'Secure erase' } },
    });
    const received = await call(staff, 'POST', `/orders/${placed.data.id}/review`, {
      data: { type: 'order-reviews', attributes: { action: 'device-received' } },
    });
    assert.equal(received.data.attributes.state, 'device_received');
    const { page, problems } = await open('/?tenant=acme');
    await page.waitForFunction(
      `[...document.querySelector('gp-order-status').shadowRoot.querySelectorAll('[part="order"]')].some((o) => o.textContent.includes('bm-01') && o.querySelector('[aria-current="step"]')?.textContent === 'Device received')`,
      { timeout: 15_000 },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("staff open acme's calendar: varied icons, the stopped-backups hint, a tooltip, a click through to a ticket", async () => {
    const { page, problems } = await open('/?tenant=acme&view=staff');
    const cal = `document.querySelector('gp-account-calendar').shadowRoot`;
    // web-01's snapshots on the storage are 30 h old against a daily tier (what its dr-protection row shows);
    // db-01's Cinder backups stopped, but the storage holds a fresh snapshot of it, so no hint says it stopped.
    await page.waitForFunction(`${cal}?.querySelector('[part="hints"]')?.textContent?.includes('Backups of web-01 stopped')`, {
      timeout: 20_000,
    });
    assert.ok(!String(await page.evaluate(`${cal}.querySelector('[part="hints"]').textContent`)).includes('Backups of db-01 stopped'));
    // The calendar opens on the viewer's current month. Early in a month the seeded history
    // (latest ticket a few days ago) lies in the month before, so go there as a user would.
    const latestTicketDaysAgo = ACME_TICKET_HISTORY.at(-1)![2];
    const inPreviousMonth = await page.evaluate(
      `new Date(Date.now() - ${latestTicketDaysAgo} * 86400000).getMonth() !== new Date().getMonth()`,
    );
    if (inPreviousMonth) {
      await page.evaluate(`${cal}.querySelector('button.nav').click()`);
      await page.waitForFunction(`!!${cal}.querySelector('[part="day"] .icons > span.type-ticket')`, { timeout: 10_000 });
    }
    const kinds = await page.evaluate(
      `[...new Set([...${cal}.querySelectorAll('[part="day"] .icons > span')].map((s) => s.className.split(' ')[0]))].sort()`,
    );
    for (const kind of ['type-alert', 'type-backup', 'type-ticket'])
      assert.ok((kinds as string[]).includes(kind), `${kind} on the grid (${kinds})`);
    // Hover the day of the latest ticket, then click through to it.
    const day = await page.evaluate(
      `[...${cal}.querySelectorAll('[part="day"]')].filter((d) => d.querySelector('.type-ticket')).at(-1).dataset.day`,
    );
    await page.evaluate(
      `${cal}.querySelector('[data-day="${day}"]').dispatchEvent(new MouseEvent('mouseover', { bubbles: true, composed: true }))`,
    );
    await page.waitForFunction(`!!${cal}.querySelector('[role="tooltip"] .type-ticket')`, { timeout: 10_000 });
    // "T-1010: Mail from the shop lands in spam": the subject after the number.
    const subject = String(await page.evaluate(`${cal}.querySelector('[role="tooltip"] .type-ticket').closest('li').textContent`))
      .split(': ')
      .slice(1)
      .join(': ')
      .trim();
    assert.ok(subject.length > 5, subject);
    await page.evaluate(`${cal}.querySelector('[data-day="${day}"]').click()`);
    await page.evaluate(
      `[...(${cal}.querySelector('.day')?.querySelectorAll('button') ?? [])].find((b) => b.textContent.includes(${JSON.stringify(subject)}))?.click()`,
    );
    await page.waitForFunction(
      `document.querySelector('#staff-ticket-list').shadowRoot?.querySelector('[part="conversation"]')?.textContent?.includes(${JSON.stringify(subject)})`,
      { timeout: 10_000 },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('acme sees its inventory with a certificate that expires soon, and renews it', async () => {
    const { page, problems } = await open('/?tenant=acme');
    const inv = `document.querySelector('gp-service-inventory').shadowRoot`;
    const row = `[...${inv}.querySelectorAll('tr')].find((r) => r.textContent.includes('shop.acme.example'))`;
    await page.waitForFunction(`${row}?.textContent.includes('Expires soon')`, { timeout: 15_000 });
    await page.evaluate(`${row}.querySelector('[part="renew"]').click()`);
    const wizard = `document.querySelector('gp-upgrade-wizard').shadowRoot`;
    await page.waitForFunction(`!!${wizard}.querySelector('input[name="plan"]:checked')`, { timeout: 10_000 });
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Next').click()`);
    await page.waitForFunction(`${wizard}.querySelector('[part="summary"]')?.textContent.includes('Renewal')`, { timeout: 10_000 });
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Place order').click()`);
    await page.waitForFunction(`${wizard}.textContent.includes('was placed')`, { timeout: 10_000 });
    await page.waitForFunction(`!${row}.textContent.includes('Expires soon')`, { timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('acme sees web-01 outside its recovery point, snapshots it back within, test-restores it and orders a better tier', async () => {
    const { page, problems } = await open('/?tenant=acme#protection');
    const dr = `document.querySelector('gp-dr-protection').shadowRoot`;
    const row = (name: string) =>
      `[...${dr}.querySelectorAll('[part="server"]')].find((r) => r.querySelector('th').textContent.includes('${name}'))`;
    const status = (name: string) => `${row(name)}?.querySelector('[part="status"]')?.textContent`;
    await page.waitForFunction(`${status('web-01')} === 'Outside your recovery point'`, { timeout: 20_000 });
    assert.equal(await page.evaluate(`${status('web-02')}`), 'Within your recovery point');
    await page.evaluate(`${row('web-01')}.querySelector('[part="snapshot"]').click()`);
    await page.waitForFunction(`${status('web-01')} === 'Within your recovery point'`, { timeout: 15_000 });
    await page.evaluate(`${row('web-01')}.querySelector('[part="restore"]').click()`);
    await page.waitForFunction(`${row('web-01')}.textContent.includes('running')`, { timeout: 10_000 });
    await page.waitForFunction(`${row('web-01')}.textContent.includes('succeeded')`, { timeout: 30_000 });
    // The better tier goes through the wizard as an add-on order.
    await page.evaluate(
      `${dr}.querySelector('select').value = ${row('web-01')}.closest('tr') && [...${dr}.querySelectorAll('option')].find((o) => o.textContent === 'web-01').value`,
    );
    await page.evaluate(`${dr}.querySelector('select').dispatchEvent(new Event('change'))`);
    await page.evaluate(
      `[...${dr}.querySelectorAll('[part="choose"]')].find((b) => b.getAttribute('aria-label')?.startsWith('Choose: DR Plus')).click()`,
    );
    const wizard = `document.querySelector('gp-upgrade-wizard').shadowRoot`;
    await page.waitForFunction(`${wizard}.querySelector('input[type="checkbox"][value="dr-hourly"]')?.checked`, { timeout: 10_000 });
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Next').click()`);
    await page.waitForFunction(
      `${wizard}.querySelector('[part="summary"]')?.textContent.includes('DR Basic: daily snapshots → DR Plus: hourly, replicated')`,
      { timeout: 10_000 },
    );
    await page.evaluate(`[...${wizard}.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Place order').click()`);
    await page.waitForFunction(`${wizard}.textContent.includes('was placed')`, { timeout: 10_000 });
    await page.waitForFunction(`${row('web-01')}.textContent.includes('DR Plus')`, { timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the PCI checklist keeps acme's progress across a restart of the demo", async () => {
    const { page, problems } = await open('/?tenant=acme#compliance');
    const pci = `document.querySelector('gp-pci-checklist').shadowRoot`;
    await page.waitForFunction(`${pci}?.querySelectorAll('[part="requirement"]').length === 12`, { timeout: 15_000 });
    await page.evaluate(`${pci}.querySelector('[data-item="8.3.6"] button.summary').click()`);
    await page.waitForFunction(`${pci}.querySelector('[data-item="8.3.6"] button.summary').getAttribute('aria-expanded') === 'true'`);
    await page.evaluate(
      `(() => { const form = ${pci}.querySelector('[data-item="8.3.6"] form'); form.querySelector('select').value = 'in_place'; form.querySelector('input[name="owner"]').value = 'Alice'; form.querySelector('button[type="submit"]').click(); })()`,
    );
    await page.waitForFunction(`${pci}.querySelector('[data-requirement="8"] .count').textContent.includes('1 of 5')`, { timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();

    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await start(port);
    const again = await open('/?tenant=acme#compliance');
    await again.page.waitForFunction(`${pci}?.querySelector('[data-requirement="8"] .count')?.textContent.includes('1 of 5')`, {
      timeout: 20_000,
    });
    assert.deepEqual(again.problems, []);
    await again.page.close();
  });

  test(
    'the docs site runs a live example of every element against this host, with no errors',
    { skip: existsSync('dist/docs/examples.html') ? false : 'the docs site is not built (npm run docs)' },
    async () => {
      const { page, problems } = await open('/docs/examples.html');
      const tags = (await page.evaluate(`[...document.querySelectorAll('section.example')].map((s) => s.id)`)) as string[];
      assert.ok(tags.length >= 14, `${tags.length} examples`);
      for (const tag of tags) {
        await page.waitForFunction(
          `(() => { const el = document.querySelector('${tag}'); return !!el?.shadowRoot && el.shadowRoot.textContent.trim().length > 0 && !el.shadowRoot.querySelector('[aria-busy="true"]'); })()`,
          { timeout: 20_000 },
        );
        const text = String(await page.evaluate(`document.querySelector('${tag}').shadowRoot.textContent`));
        assert.doesNotMatch(text, /No permission|must be placed inside/, `${tag} works with its token`);
      }
      const docs = await open('/docs/theming.html');
      assert.match(String(await docs.page.evaluate('document.querySelector("main").textContent')), /Tokens/);
      assert.deepEqual([...problems, ...docs.problems], [], 'no console errors, no CSP violations');
      await page.close();
      await docs.page.close();
    },
  );

  test(
    'every docs page fits a 320 px phone: long code and wide tables scroll in their own box, never the page',
    { skip: existsSync('dist/docs/index.html') ? false : 'the docs site is not built (npm run docs)' },
    async () => {
      const pages = readdirSync('dist/docs').filter((f) => f.endsWith('.html') && f !== 'examples.html');
      assert.ok(pages.length >= 8, `${pages.length} pages`);
      const page = await browser.newPage();
      await page.setViewport({ width: 320, height: 700 });
      for (const file of pages) {
        await page.goto(`${base}/docs/${file}`, { waitUntil: 'load' });
        const [scroll, client] = (await page.evaluate(
          '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
        )) as number[];
        assert.ok(scroll! <= client!, `${file}: ${scroll} px wide in a ${client} px window`);
      }
      await page.close();
    },
  );

  test('every demo page fits a 320 px phone (and the German one a desktop) once its elements have data', async () => {
    // German words run long ("Informationssicherheitsrichtlinie", "Braucht Aufmerksamkeit ·
    // 4 Hinweise"): the demo's own content, which the element tests' data does not have.
    const pages = [
      {
        path: '/?tenant=acme&lang=de',
        ready: `document.querySelector('gp-pci-checklist')?.shadowRoot?.querySelector('section.requirement')`,
      },
      {
        path: '/?tenant=acme&view=staff&lang=de',
        ready: `document.querySelector('gp-account-book')?.shadowRoot?.querySelector('li.account')`,
      },
      { path: '/?tenant=globex&lang=de', ready: `document.querySelector('gp-invoice-list')?.shadowRoot?.querySelector('[part="row"]')` },
      { path: '/?tenant=acme', ready: `document.querySelector('gp-service-inventory')?.shadowRoot?.querySelector('tbody tr')` },
      // On a desktop the support row puts the contact table in a half-width column.
      {
        path: '/?tenant=acme&lang=de',
        ready: `document.querySelector('gp-contact-matrix')?.shadowRoot?.querySelector('tbody tr')`,
        width: 1280,
      },
    ];
    for (const { path, ready, width = 320 } of pages) {
      const { page } = await open(path);
      await page.setViewport({ width, height: 800 });
      await page.waitForFunction(`!!(${ready})`, { timeout: 20_000 });
      // Every element past its loading state, then two frames for the last layout.
      await page.waitForFunction(`[...document.querySelectorAll('*')].every((el) => !el.shadowRoot?.querySelector('[aria-busy="true"]'))`, {
        timeout: 20_000,
      });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      const widths = (await page.evaluate(`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)) as number[];
      assert.ok(widths[0]! <= widths[1]!, `${path}: the page is ${widths[0]} px wide in a ${widths[1]} px window`);
      await page.close();
    }
  });

  test('on a touch phone every control of every element is a 44 px target (inline text links aside)', async () => {
    for (const path of ['/?tenant=acme', '/?tenant=acme&view=staff']) {
      const { page } = await open(path);
      await page.setViewport({ width: 390, height: 844, hasTouch: true, isMobile: true });
      await page
        .waitForFunction(`[...document.querySelectorAll('gp-usage-gauge')].some((g) => g.shadowRoot?.querySelector('canvas'))`, {
          timeout: 20_000,
        })
        .catch(() => undefined);
      await page.waitForFunction(`[...document.querySelectorAll('*')].every((el) => !el.shadowRoot?.querySelector('[aria-busy="true"]'))`, {
        timeout: 20_000,
      });
      assert.equal(await page.evaluate(`matchMedia('(pointer: coarse)').matches`), true, 'the page sees a touch screen');
      // Buttons, selects and fields in the elements' shadow roots; checkboxes and radios need 24 px (WCAG 2.5.8).
      const small = (await page.evaluate(`(() => {
        const out = [];
        const walk = (root, host) => {
          for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) walk(el.shadowRoot, el.localName);
            if (host === 'page' || !el.matches('button, select, input, textarea, summary, [role="button"]')) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const floor = el.matches('input[type="checkbox"], input[type="radio"]') ? 24 : 44;
            if (r.height < floor - 0.5) out.push(host + ' ' + el.localName + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 24) + '" ' + Math.round(r.height) + ' px');
          }
        };
        walk(document, 'page');
        return [...new Set(out)];
      })()`)) as string[];
      assert.deepEqual(small, [], `${path}: controls under their touch size`);
      await page.close();
    }
  });

  test('the kit is served to other origins as module scripts', async () => {
    const res = await fetch(`${base}/elements/index.js`, { headers: { origin: 'https://portal.elsewhere.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  });
});
