import { build } from 'vite';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { median, medianRatio, report, type Ratio } from './harness.js';
import { kitBuild } from '../scripts/kit-build.js';
import { freePort, startDemo } from '../demo/launch.js';
import type { Plan, PlannedRequest } from './portal-plan.js';

/**
 * The whole portal (issue #26): the demo's customer page (`/?tenant=acme`) from navigation
 * start until every Glasspane element on it shows its data ÷ a page with as many Lit hello
 * elements fetching the same JSON, both cold-loaded from the same demo server.
 *
 * The demo's side is the page as a customer gets it: its HTML and CSS, the portal's own script
 * (portal.js: tenant and language, a token from the portal's backend, the server list it makes
 * the usage gauges from, nav and theme wiring), the kit (index.js and every element's chunks,
 * brotli from the host, then uPlot for the gauges), each element's requests through
 * gp-provider's token, and each element's rendering with its styles. "Shows its data" means,
 * for each `gp-*` element in the document or in another element's shadow root: defined and
 * rendered, no update pending, no loading state (`aria-busy="true"`) and no error state in its
 * shadow root, none of its @lit/task tasks failed and as many with a value as on the settled
 * page (found first, untimed), and for the usage gauge its chart's canvas. An element whose
 * task runs again keeps showing its value: a stream message (an event, or a `reset` when the
 * stream cannot resume from the position the page's reads were given) may make an element
 * fetch again, before or after the last element shows; such refetches are not waited for and
 * not in the baseline's requests.
 *
 * The baseline (bench/fixtures/portal-hello.ts, built into one minified module with Lit, as a
 * small page ships it, and served gzipped by the demo's own route at /bench/, same origin and
 * headers as the portal's page) has one `bench-hello` per Glasspane element. Each makes the
 * requests its counterpart made before the page was shown (same URLs, with a usage range of
 * the same span ending now, and the same headers: the embed token from `/portal/session`, the
 * JSON:API `accept`, `accept-language`) and renders one line from the first answer. The
 * provider's counterpart fetches the token and shares it; the others wait for it and then
 * fetch all their URLs at once. The page script makes the portal script's requests (its own
 * token, the server list) one after another and then appends the hellos for the elements the
 * portal creates (the gauges). Elements nested in another's shadow root (the invoice list's
 * payment methods) are hellos of their own in the document. Requests are given to an element
 * by the module that made them (an async stack through CDP); several elements of one tag
 * share that tag's requests in order.
 *
 * So the ratio holds what Glasspane adds over the same JSON: the kit's JavaScript (parse,
 * chunks, uPlot), the elements' rendering and styles, their own chains of requests (a contact
 * matrix asks who to reach after it has the matrices; the invoice list's payment methods start
 * once the list renders) and the demo's own page work (CSS, layout, portal.js), which the
 * baseline does not do. Time is taken in the page: performance.now() (from navigation start)
 * when a mutation, a finished task or a finished update last made every element shown (a
 * MutationObserver on the document and every shadow root; the watcher's own time is in the
 * detail). The pages are not cross-origin isolated (they carry the demo's own headers), so the
 * timer steps 0.1 ms, nothing next to a second. Each load is a fresh browser context with the
 * cache off; one load of each side warms the server up first. The issue sets no target: the
 * figure is recorded.
 *
 * Before timing, both pages must have fetched the same set of JSON URLs (usage ranges aside)
 * and shown the same number of elements; each timed round is checked again.
 */

const ROUNDS = 7;
const TIMEOUT_MS = 60_000;

const chromePath = () => [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));

/** What the watcher waits for: how many elements, and per element how many tasks complete. */
interface Expect {
  prefix: string;
  count: number;
  /** `tag#n` → its tasks with a value on the settled page. */
  tasks: Record<string, number>;
  /** Tags that show their data on a canvas. */
  canvas: string[];
}

/** An element's state as the watcher saw it. */
export interface ElementState {
  key: string;
  tag: string;
  shown: boolean;
  /** Created by the page's script (document.createElement), not by the HTML or a template. */
  late: boolean;
  complete: number;
  why: string;
}

/** What one load gives back: when everything showed, the elements, the JSON fetched until then. */
export interface Shown {
  ms: number;
  elements: ElementState[];
  /** Same-origin fetch() URLs that finished by then (resource timing), path and query. */
  fetched: string[];
  /** Time spent in the watcher's own checks, and how many there were. */
  checkMs: number;
  checks: number;
}

/**
 * Installed before any of the page's scripts (a string: it runs in the browser, and this file
 * is type-checked for Node). `window.__shown` resolves when every element of `expect` shows its
 * data; `window.__state()` is the state now, for discovery and for the timeout's message.
 */
const watcher = (expect: Expect) => `(() => {
  const expect = ${JSON.stringify(expect)};
  const PENDING = 1, COMPLETE = 2, ERROR = 3;
  const known = new Set();
  const late = new WeakSet();
  const hooked = new WeakSet();
  let checkMs = 0;
  let checks = 0;
  let done = false;
  let resolveShown, rejectShown;
  window.__shown = new Promise((res, rej) => ((resolveShown = res), (rejectShown = rej)));

  const isTask = (v) => v !== null && typeof v === 'object' && typeof v.status === 'number' && 'taskComplete' in v;
  // An element's @lit/task tasks: its own fields, and its reactive controllers' fields.
  const tasksOf = (el) => {
    const out = [];
    for (const v of Object.values(el)) {
      if (isTask(v)) out.push(v);
      else if (v !== null && typeof v === 'object' && ('hostConnected' in v || 'hostUpdate' in v))
        for (const w of Object.values(v)) if (isTask(w)) out.push(w);
    }
    return out;
  };
  // The elements in document order, walked again only when one was added or removed.
  let list = [];
  let stale = true;
  const add = (node) => {
    if (node.nodeType !== 1) return;
    const found = [node, ...node.querySelectorAll('*')].filter((e) => e.localName.startsWith(expect.prefix) && !known.has(e));
    for (const e of found) known.add(e);
    if (found.length) stale = true;
  };
  // Elements whose state may have changed since the last check: a mutation in their shadow
  // root or on them, a task or update of theirs finished. Only those are looked at again.
  const dirty = new Set();
  const cache = new Map();
  const owner = (node) => {
    for (let n = node; n; n = n.parentNode ?? n.host) if (known.has(n)) return n;
    return undefined;
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) add(n);
      const el = owner(r.target);
      if (el) dirty.add(el);
    }
    check();
  });
  const observe = (root) => observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  observe(document);
  // Every shadow root is watched from its creation; templates cloned into it report their elements.
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    observe(root);
    return root;
  };
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const el = createElement.call(this, name, options);
    if (String(name).startsWith(expect.prefix)) late.add(el);
    return el;
  };

  const elements = () => {
    if (!stale && list.every(([e]) => e.isConnected)) return list;
    stale = false;
    cache.clear();
    const out = (list = []);
    const count = {};
    // Document order, shadow roots included, so that keys are stable from load to load.
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        if (known.has(e) && e.isConnected) {
          count[e.localName] = (count[e.localName] ?? 0) + 1;
          out.push([e, e.localName + '#' + count[e.localName]]);
        }
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return out;
  };
  const stateOf = (el, key) => {
    const tasks = tasksOf(el);
    // A task that ran again keeps its value, and its element shows it meanwhile (a stream
    // message may make an element fetch again): that counts as data shown.
    const complete = tasks.filter((t) => t.status === COMPLETE || (t.status === PENDING && t.value !== undefined)).length;
    const root = el.shadowRoot ?? el;
    const why = !customElements.get(el.localName) ? 'not defined'
      : !el.hasUpdated ? 'not rendered'
      : el.isUpdatePending ? 'update pending'
      : root.querySelector('.state.error') ? 'error shown'
      : root.querySelector('[aria-busy="true"]') ? 'loading'
      : tasks.some((t) => t.status === ERROR) ? 'task failed'
      : complete < (expect.tasks[key] ?? 0) ? 'tasks not complete'
      : expect.canvas.includes(el.localName) && !root.querySelector('canvas') ? 'no chart'
      : '';
    // Whatever it waits for: check again when it is done.
    for (const t of tasks) if (t.status === PENDING) hook(t.taskComplete, el);
    if (el.isUpdatePending) hook(el.updateComplete, el);
    return { key, tag: el.localName, shown: !why, late: late.has(el), complete, why };
  };
  const hook = (promise, el) => {
    if (hooked.has(promise)) return;
    hooked.add(promise);
    const again = () => {
      dirty.add(el);
      check();
    };
    promise.then(() => el.updateComplete).then(again, again);
  };
  window.__state = () => elements().map(([el, key]) => stateOf(el, key));
  const state = () => {
    const all = elements().map(([el, key]) => {
      if (dirty.has(el) || !cache.has(el)) cache.set(el, stateOf(el, key));
      return cache.get(el);
    });
    dirty.clear();
    return all;
  };

  function check() {
    if (done) return;
    const now = performance.now();
    const all = state();
    checkMs += performance.now() - now;
    checks++;
    const failed = all.find((s) => s.why === 'error shown');
    if (failed) {
      done = true;
      const el = elements().find(([, key]) => key === failed.key)[0];
      rejectShown(new Error(failed.key + ' shows an error: ' + (el.shadowRoot ?? el).querySelector('.state.error').textContent.trim()));
    } else if (all.length >= expect.count && all.length > 0 && all.every((s) => s.shown)) {
      done = true;
      observer.disconnect();
      const fetched = performance.getEntriesByType('resource')
        .filter((e) => e.initiatorType === 'fetch' && e.responseEnd <= now && e.name.startsWith(location.origin))
        .map((e) => e.name.slice(location.origin.length));
      resolveShown({ ms: now, elements: all, fetched, checkMs, checks });
    }
  }
})()`;

/** A JSON request as Chromium sent it, and the element module (or the page) that made it. */
interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** `gp-<name>` from the first element chunk on the async stack, or '' for the page's script. */
  owner: string;
  /** Milliseconds after the document's request. */
  at: number;
  /** The element's task was started by a stream message (see planFrom). */
  stream: boolean;
}

/** The kit's rxjs chunk, through which every stream message reaches an element. */
const STREAM_CHUNK = /\/chunks\/esm5-[\w-]+\.js$/;

/** Headers the page's code sets (the browser adds the others); authorization is the token. */
const OWN_HEADERS = ['accept', 'accept-language', 'content-type'];

interface Load {
  shown: Shown;
  sent: Sent[];
}

/**
 * Opens `url` cold (a fresh browser context, cache off) with the watcher installed and
 * resolves with what it saw. `discover` records each request's async stack (slower: untimed).
 */
async function load(browser: Browser, url: string, expect: Expect, discover = false): Promise<Load> {
  const context = await browser.createBrowserContext();
  let page: Page | undefined;
  try {
    page = await context.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (discover) {
      await cdp.send('Debugger.enable');
      await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 64 });
    }
    const sent: Sent[] = [];
    let origin = NaN;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Document' && Number.isNaN(origin)) origin = e.timestamp;
      if (e.type !== 'Fetch' && e.type !== 'XHR') return;
      // The owner is the first element module on the async stack; the request is the stream's
      // if the stack part holding that frame (one synchronous run) came from a stream message.
      let owner = '';
      let stream = false;
      for (let s = e.initiator.stack; s && !owner; s = s.parent)
        for (const f of s.callFrames) {
          const m = /\/([a-z-]+)\.component-[\w-]+\.js$/.exec(f.url);
          if (m && !owner) {
            owner = `gp-${m[1]}`;
            stream = s.callFrames.some((g) => STREAM_CHUNK.test(g.url));
          }
        }
      const at = (e.timestamp - origin) * 1000;
      sent.push({ url: e.request.url, method: e.request.method, headers: e.request.headers, owner, at, stream });
    });
    await page.evaluateOnNewDocument(watcher(expect));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void page!
          .evaluate('window.__state()')
          .then((s) => (s as ElementState[]).filter((e) => !e.shown).map((e) => `${e.key}: ${e.why}`))
          .then((left) => reject(new Error(`${url}: not every element showed its data in ${TIMEOUT_MS} ms (${left.join('; ')})`)))
          .catch(reject);
      }, TIMEOUT_MS);
    });
    try {
      const shown = (await Promise.race([page.evaluate('window.__shown'), timeout])) as Shown;
      return { shown, sent };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await context.close();
  }
}

/**
 * The demo page settled: every element shown and no JSON request in flight, looked at from
 * Node every 100 ms (untimed). Gives the elements the timed loads wait for.
 */
async function discoverElements(browser: Browser, base: string): Promise<ElementState[]> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const inFlight = new Set<string>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Fetch' || e.type === 'XHR') inFlight.add(e.requestId);
    });
    cdp.on('Network.loadingFinished', (e) => inFlight.delete(e.requestId));
    cdp.on('Network.loadingFailed', (e) => inFlight.delete(e.requestId));
    await page.evaluateOnNewDocument(watcher({ prefix: 'gp-', count: 1, tasks: {}, canvas: ['gp-usage-gauge'] }));
    await page.goto(`${base}/?tenant=acme`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    await page.evaluate('window.__shown');
    const deadline = Date.now() + TIMEOUT_MS;
    let quiet = 0;
    for (;;) {
      const state = (await page.evaluate('window.__state()')) as ElementState[];
      // Settled twice in a row, 100 ms apart: the portal's gauges and every chained request are in.
      quiet = inFlight.size === 0 && state.every((s) => s.shown) ? quiet + 1 : 0;
      if (quiet === 2) return state;
      if (Date.now() > deadline)
        throw new Error(`the demo page did not settle: ${state.filter((s) => !s.shown).map((s) => `${s.key}: ${s.why}`)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await context.close();
  }
}

/** A fetched URL without its usage range's instants (they are "now"), for comparing sets. */
export const normalize = (url: string) => {
  const u = new URL(url, 'http://x');
  u.searchParams.delete('start');
  u.searchParams.delete('end');
  u.searchParams.sort();
  return u.pathname + u.search;
};
const urlSet = (urls: string[]) => [...new Set(urls.map(normalize))].sort();

/** The baseline page: its plan and one `bench-hello` per element the HTML holds. */
function helloPage(plan: Plan): string {
  const json = JSON.stringify(plan).replace(/</g, '\\u003c');
  const hellos = plan.elements.flatMap((e, i) => (e.late ? [] : [`    <bench-hello data-element="${i}"></bench-hello>\n`]));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Lit hello baseline</title>
    <!-- No favicon request: the portal's page names its own icon. -->
    <link rel="icon" href="data:," />
    <script type="application/json" id="plan">${json}</script>
    <script type="module" src="/bench/portal-hello.js"></script>
  </head>
  <body>
${hellos.join('')}  </body>
</html>
`;
}

/** Turns the demo page's requests (until every element showed) into the baseline's plan. */
function planFrom(elements: ElementState[], sent: Sent[], shownMs: number): Plan {
  // An element's refetch on a stream message (a `reset` makes every element fetch again, and
  // each keeps showing its value meanwhile) may or may not come before the page shows
  // everything: left out, so that the plan is the same from load to load. A refetch
  // is a request started by a stream message, or a tag's request for a URL beyond one per
  // element of that tag (some elements reload through an await, which cuts the stack).
  const times = new Map<string, number>();
  const requests = sent.filter((s) => {
    if (s.at > shownMs || s.stream || !/^\/(api|portal)\//.test(new URL(s.url).pathname)) return false;
    const instances = elements.filter((e) => e.tag === s.owner).length;
    const key = `${s.owner} ${normalize(s.url)}`;
    times.set(key, (times.get(key) ?? 0) + 1);
    return !instances || times.get(key)! <= instances;
  });
  const odd = requests.find((r) => r.method !== 'GET');
  if (odd) throw new Error(`the demo page sent ${odd.method} ${odd.url} while loading: the baseline only does GETs`);
  const planned = (s: Sent): PlannedRequest => {
    const headers = Object.fromEntries(Object.entries(s.headers).filter(([k]) => OWN_HEADERS.includes(k.toLowerCase())));
    const u = new URL(s.url);
    return { url: u.pathname + u.search, headers, auth: Object.keys(s.headers).some((k) => k.toLowerCase() === 'authorization') };
  };
  const out: Plan = { page: [], elements: elements.map((e) => ({ requests: [], late: e.late })) };
  const byTag = new Map<string, Sent[]>();
  for (const r of requests) {
    if (!r.owner || !elements.some((e) => e.tag === r.owner)) out.page.push(planned(r));
    else byTag.set(r.owner, [...(byTag.get(r.owner) ?? []), r]);
  }
  // Several elements of a tag: consecutive shares of its requests, in the order they went out.
  for (const [tag, list] of byTag) {
    const slots = elements.flatMap((e, i) => (e.tag === tag ? [i] : []));
    const share = Math.ceil(list.length / slots.length);
    list.forEach((r, j) => out.elements[slots[Math.floor(j / share)]!]!.requests.push(planned(r)));
  }
  return out;
}

/** Throws unless a load showed `count` elements and fetched the `expected` set of JSON URLs. */
function assertSame(what: string, shown: Shown, count: number, expected: string[]): void {
  const got = urlSet(shown.fetched.filter((u) => /^\/(api|portal)\//.test(u)));
  const missing = expected.filter((u) => !got.includes(u));
  const extra = got.filter((u) => !expected.includes(u));
  if (shown.elements.length !== count || missing.length || extra.length)
    throw new Error(
      `${what}: ${shown.elements.length} elements shown (expected ${count}); ` +
        `JSON not fetched: ${missing.join(', ') || 'none'}; fetched beyond the demo page's: ${extra.join(', ') || 'none'}`,
    );
}

/** Builds the baseline's module into `dir` (Lit bundled, minified as the kit is). */
async function buildHello(dir: string): Promise<void> {
  const kit = kitBuild();
  await build({
    configFile: false,
    logLevel: 'silent',
    ...kit,
    build: {
      ...kit.build,
      outDir: dir,
      emptyOutDir: false,
      lib: { entry: resolve('bench/fixtures/portal-hello.ts'), formats: ['es'], fileName: 'portal-hello' },
    },
  });
}

/** Both pages on one demo server, in one browser, for `use`; then everything is removed. */
async function withPages<T>(use: (pages: Pages) => Promise<T>): Promise<T> {
  if (!chromePath()) throw new Error('needs Chromium (set CHROME_PATH)');
  if (!existsSync('dist/elements/index.js')) await build({ logLevel: 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'gp-portal-'));
  const site = join(dir, 'site');
  let demo: Awaited<ReturnType<typeof startDemo>> | undefined;
  let browser: Browser | undefined;
  try {
    await buildHello(site);
    const port = await freePort();
    demo = await startDemo(port, join(dir, 'demo.db'), { GLASSPANE_DEMO_BENCH_DIR: site });
    browser = await puppeteer.launch({
      executablePath: chromePath(),
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    return await use(await preparePages(browser, `http://localhost:${port}`, site));
  } finally {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      const exited = new Promise((r) => demo!.once('exit', r));
      demo.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Pages {
  /** One cold load of the demo's customer page or the baseline, checked against the other. */
  demo(): Promise<Shown>;
  hello(): Promise<Shown>;
  count: number;
  urls: string[];
  plan: Plan;
}

/**
 * Discovers the demo page (its elements settled; then a load that records who fetched what
 * until every element showed), writes the baseline page from that, and loads the baseline
 * once: both must show as many elements and fetch the same JSON before anything is timed.
 */
async function preparePages(browser: Browser, base: string, site: string): Promise<Pages> {
  const settled = await discoverElements(browser, base);
  const tasks = Object.fromEntries(settled.map((s) => [s.key, s.complete]));
  const demoExpect: Expect = { prefix: 'gp-', count: settled.length, tasks, canvas: ['gp-usage-gauge'] };
  const helloExpect: Expect = { prefix: 'bench-hello', count: settled.length, tasks: {}, canvas: [] };
  const traced = await load(browser, `${base}/?tenant=acme`, demoExpect, true);
  const plan = planFrom(traced.shown.elements, traced.sent, traced.shown.ms);
  writeFileSync(join(site, 'portal-hello.html'), helloPage(plan));
  const urls = urlSet([...plan.page, ...plan.elements.flatMap((e) => e.requests)].map((r) => r.url));
  assertSame('the traced demo page', traced.shown, settled.length, urls);
  const pages: Pages = {
    demo: async () => {
      const { shown } = await load(browser, `${base}/?tenant=acme`, demoExpect);
      assertSame('the demo page', shown, settled.length, urls);
      return shown;
    },
    hello: async () => {
      const { shown } = await load(browser, `${base}/bench/portal-hello.html`, helloExpect);
      assertSame('the Lit hello page', shown, settled.length, urls);
      return shown;
    },
    count: settled.length,
    urls,
    plan,
  };
  return pages;
}

/** For host/test/bench-parity.test.ts: one load of each page after discovery, and what they fetched. */
export async function portalParity(): Promise<{ count: number; urls: string[]; demo: Shown; hello: Shown }> {
  return withPages(async (pages) => ({ count: pages.count, urls: pages.urls, demo: await pages.demo(), hello: await pages.hello() }));
}

export async function run(): Promise<Ratio[]> {
  return withPages(async (pages) => {
    // Warm-up: one load of each, the server's and the browser's first-time costs off the clock.
    await pages.demo();
    await pages.hello();
    const demo: Shown[] = [];
    const hello: Shown[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2) {
        hello.push(await pages.hello());
        demo.push(await pages.demo());
      } else {
        demo.push(await pages.demo());
        hello.push(await pages.hello());
      }
    }
    const ms = (list: Shown[]) => list.map((s) => s.ms);
    const ratio = medianRatio(ms(demo), ms(hello));
    const requests = pages.plan.page.length + pages.plan.elements.reduce((n, e) => n + e.requests.length, 0);
    return [
      {
        name: 'demo customer page, every element shows data ÷ Lit hellos on the same JSON',
        ratio,
        target: 'recorded',
        pass: true,
        detail:
          `${median(ms(demo)).toFixed(0)} ms vs ${median(ms(hello)).toFixed(0)} ms from navigation start; ` +
          `${pages.count} elements, ${requests} JSON requests (${pages.urls.length} distinct URLs) on each side; ` +
          `the watcher's own checks ${median(demo.map((s) => s.checkMs)).toFixed(1)} / ${median(hello.map((s) => s.checkMs)).toFixed(1)} ms ` +
          `(${median(demo.map((s) => s.checks))} / ${median(hello.map((s) => s.checks))} checks); ` +
          `${ROUNDS} rounds`,
      },
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) report('Whole portal', await run());
