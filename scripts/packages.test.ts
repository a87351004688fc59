// What a partner gets from npm: packs the three workspaces, installs the tarballs into an
// empty project outside the repository, and uses them the way a partner would: plain Node
// (no tsx) imports the host and a plugin, a `tsc --init` project type-checks the tags (and,
// with React 18 and Vue 3 from the registry, a TSX page using the React wrappers and the Vue
// and JSX types), the elements' install holds no native module or server framework, a page
// bundled by vite from `@glasspane/elements/invoice-list` defines that tag in Chromium, and
// a React 18 page renders the wrappers there.
// `npm test` runs it; alone: node --import tsx --test scripts/packages.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
let dir = '';
let project = '';

/** Runs a command to its end; its output is the assertion message when it fails. */
function sh(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glasspane-packages-'));
  const packed = sh(process.execPath, [join(repo, 'scripts/build-packages.mjs'), '--pack', join(dir, 'tarballs')], repo);
  assert.equal(packed.code, 0, `build and pack:\n${packed.out}`);
  const tarballs = readdirSync(join(dir, 'tarballs')).map((name) => join(dir, 'tarballs', name));
  assert.deepEqual(
    tarballs.map((t) => t.replace(/^.*\//, '')).sort(),
    ['glasspane-elements-0.1.0.tgz', 'glasspane-host-0.1.0.tgz', 'glasspane-plugins-0.1.0.tgz'],
    'npm pack --workspaces made one tarball per package',
  );
  project = join(dir, 'portal');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner-portal', private: true, type: 'module' }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = sh(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project);
  assert.equal(installed.code, 0, `npm install of the tarballs:\n${installed.out}`);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarballs hold built JavaScript, declarations, source maps and the legal files; no sources or tests', () => {
  for (const name of ['elements', 'host', 'plugins']) {
    const root = join(project, 'node_modules/@glasspane', name);
    const files = walk(root).map((f) => f.slice(root.length + 1));
    for (const legal of ['LICENSE', 'NOTICE', 'CHANGELOG.md', 'README.md', 'package.json'])
      assert.ok(files.includes(legal), `@glasspane/${name} has ${legal}`);
    assert.deepEqual(
      files.filter((f) => /\.test\.|(^|\/)test\/|bench|\.github|(?<!\.d)\.ts$|tsconfig/.test(f)),
      [],
      `@glasspane/${name} ships no tests, benches, CI files or sources`,
    );
    const js = files.filter((f) => f.endsWith('.js'));
    assert.ok(js.length > 5, `@glasspane/${name} has its JavaScript`);
    const unpaired = js.filter((f) => !files.includes(f.replace(/\.js$/, '.d.ts')) || !files.includes(`${f}.map`));
    assert.deepEqual(unpaired, [], `every module of @glasspane/${name} has its .d.ts and source map`);
  }
  assert.ok(
    existsSync(join(project, 'node_modules/@glasspane/host/dist/features/pci/content/pci-dss-4.0.1.json')),
    'the PCI DSS content the host reads at run time is packed',
  );
  // The elements' manifest, for editors and partners' tooling: named by package.json, its paths the installed JavaScript.
  const elements = join(project, 'node_modules/@glasspane/elements');
  const pkg = JSON.parse(readFileSync(join(elements, 'package.json'), 'utf8')) as { customElements?: string };
  assert.equal(pkg.customElements, 'custom-elements.json');
  const manifest = JSON.parse(readFileSync(join(elements, 'custom-elements.json'), 'utf8')) as { modules: { path: string }[] };
  const missing = manifest.modules.map((m) => m.path).filter((p) => !existsSync(join(elements, p)));
  assert.deepEqual(missing, [], 'every module custom-elements.json names is in the package');
});

test('plain Node imports @glasspane/host and plugins, the plugins using the installed host', () => {
  const script = `
    const host = await import('@glasspane/host');
    const openstack = (await import('@glasspane/plugins/openstack')).default;
    const local = (await import('@glasspane/plugins/local')).default;
    const { z } = await import('zod');
    const mine = host.definePlugin({ id: 'partner', provides: ['StatusProvider'], config: z.object({}), register() {} });
    let refused = '';
    try { host.definePlugin({ id: 'Not An Id', provides: ['StatusProvider'], config: z.object({}), register() {} }); }
    catch (error) { refused = error instanceof host.PluginDefinitionError ? error.message : 'another error: ' + error; }
    console.log(JSON.stringify({
      createHost: typeof host.createHost,
      openstack: openstack.id, openstackProvides: openstack.provides,
      local: local.id,
      mine: mine.id,
      refused,
      hostFromPlugins: import.meta.resolve('@glasspane/host'),
    }));`;
  const run = sh(process.execPath, ['--input-type=module', '-e', script], project);
  assert.equal(run.code, 0, run.out);
  const seen = JSON.parse(run.out.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.equal(seen.createHost, 'function');
  assert.equal(seen.openstack, 'openstack');
  assert.ok(
    Array.isArray(seen.openstackProvides) && seen.openstackProvides.includes('ComputeProvider'),
    `openstack provides compute: ${String(seen.openstackProvides)}`,
  );
  assert.equal(seen.local, 'local');
  assert.equal(seen.mine, 'partner');
  assert.match(String(seen.refused), /Plugin id "Not An Id" must be lower-case/, "the installed host checks a partner's plugin");
  assert.equal(seen.hostFromPlugins, `file://${join(project, 'node_modules/@glasspane/host/dist/index.js')}`);
  const pluginSource = readFileSync(join(project, 'node_modules/@glasspane/plugins/dist/openstack/index.js'), 'utf8');
  assert.match(pluginSource, /from '@glasspane\/host'/, 'the built plugin imports the host by package name');
});

test("a `tsc --init` project type-checks the tags, their events and the host's API", () => {
  const init = sh(process.execPath, [tsc, '--init'], project);
  assert.equal(init.code, 0, init.out);
  writeFileSync(
    join(project, 'page.ts'),
    `import '@glasspane/elements/invoice-list';
import '@glasspane/elements';
import { defineElements, type GpInvoiceList, type GpUsageGauge, type InvoicesPaidDetail } from '@glasspane/elements/classes';

const list: GpInvoiceList = document.createElement('gp-invoice-list');
list.addEventListener('gp-invoices-paid', (event) => {
  const detail: InvoicesPaidDetail = event.detail;
  console.log(detail);
});
const gauge: GpUsageGauge = document.createElement('gp-usage-gauge');
// @ts-expect-error: each tag has its own class, so a mix-up is an error.
const wrong: GpInvoiceList = document.createElement('gp-usage-gauge');
const tags: string[] = defineElements({ prefix: 'acme' });
console.log(list, gauge, wrong, tags);
`,
  );
  writeFileSync(
    join(project, 'server.ts'),
    `import { createHost, definePlugin, ProviderError, type HostOptions } from '@glasspane/host';
import openstack from '@glasspane/plugins/openstack';

const options: HostOptions = { adminKey: 'a-long-enough-admin-key-for-this', plugins: [openstack] };
const mine = definePlugin({ id: 'partner', provides: ['StatusProvider'], config: openstack.config, register() {} });
const down = new ProviderError('partner', 'down', { upstreamStatus: 503 });
const id: string = down.pluginId;
console.log(createHost, options, mine, id);
`,
  );
  const checked = sh(process.execPath, [tsc, '-p', '.', '--noEmit'], project);
  assert.equal(checked.code, 0, `tsc in a tsc --init project:\n${checked.out}`);
});

/** Installs packages from the npm registry into the project; undefined when offline (the caller skips). */
function installFromRegistry(packages: string[]): string | undefined {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = sh(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], project);
  if (run.code !== 0 && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(run.out)) return undefined;
  assert.equal(run.code, 0, `npm install ${packages.join(' ')}:\n${run.out}`);
  return run.out;
}

test('with React 18 and Vue 3 installed, a TSX page using @glasspane/elements/react and the Vue and JSX types type-checks', (t) => {
  // The oldest React the wrappers support, and Vue, from the registry, as a partner has them.
  if (!installFromRegistry(['react@18', 'react-dom@18', '@types/react@18', '@types/react-dom@18', 'vue@3']))
    return t.skip('npm registry not reachable');
  const version = (name: string) =>
    (JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  assert.match(version('react'), /^18\./);
  assert.match(version('@types/react'), /^18\./);
  writeFileSync(
    join(project, 'app.tsx'),
    `import { useState } from 'react';
import { GpProvider, GpInvoiceList, GpUsageGauge } from '@glasspane/elements/react';
import type { InvoicesPaidDetail } from '@glasspane/elements/classes';

export function Billing() {
  const [paid, setPaid] = useState<InvoicesPaidDetail | null>(null);
  return (
    <GpProvider apiBase="/portal/api/v1" tokenProvider={async () => 'token'}>
      <GpInvoiceList onGpInvoicesPaid={(event) => setPaid(event.detail)} onGpBeforePay={(event) => event.detail.invoiceIds.length > 3 && event.preventDefault()} />
      <GpUsageGauge server="memcloud:a1" metric="memory" range="7d" noUpgrade onGpUpgradeRequested={(event) => console.log(event.detail.peak)} />
      {/* @ts-expect-error: a range the gauge does not know */}
      <GpUsageGauge range="forever" />
      {/* @ts-expect-error: the detail of gp-invoices-paid has no serverId */}
      <GpInvoiceList onGpInvoicesPaid={(event) => console.log(event.detail.serverId)} />
      <p>{paid?.paymentId}</p>
    </GpProvider>
  );
}
`,
  );
  writeFileSync(
    join(project, 'vue-and-jsx.ts'),
    `import type { GlobalComponents } from 'vue';
import type {} from '@glasspane/elements/vue';
import type {} from '@glasspane/elements/jsx';

type ServerListProps = InstanceType<GlobalComponents['gp-server-list']>['$props'];
export const vueProps: ServerListProps = {
  noCreate: true,
  onGpServerActionRequested: (event) => console.log(event.detail.serverId, event.detail.action),
  onGpBeforeServerAction: (event) => event.detail.action === 'stop' && event.preventDefault(),
};
// @ts-expect-error: noCreate is a boolean.
export const vueWrong: ServerListProps = { noCreate: 'yes' };

export const gauge: JSX.IntrinsicElements['gp-usage-gauge'] = { server: 'memcloud:a1', 'no-upgrade': true, 'ongp-upgrade-requested': (event) => console.log(event.detail.metric) };
// @ts-expect-error: not a range the gauge knows.
export const wrong: JSX.IntrinsicElements['gp-usage-gauge'] = { range: 'forever' };
`,
  );
  const checked = sh(process.execPath, [tsc, '-p', '.', '--noEmit'], project);
  assert.equal(checked.code, 0, `tsc (tsc --init settings, React 18 and Vue types):\n${checked.out}`);
});

test('@glasspane/elements installs no native module and no server framework', () => {
  const closure = dependencyClosure(join(project, 'node_modules/@glasspane/elements'));
  const names = [...closure.keys()].sort();
  assert.ok(names.includes('lit') && names.includes('uplot'), `the elements' dependencies: ${names.join(', ')}`);
  const server = names.filter((n) =>
    /^(hono|@hono\/.*|pg|better-sqlite3|kysely|pdf-lib|tsx|pino|tsyringe|express|fastify|@glasspane\/host)$/.test(n),
  );
  assert.deepEqual(server, [], 'no server-side package among the elements’ dependencies');
  const native = [...closure.values()].flatMap((d) => walk(d).filter((f) => f.endsWith('.node') || f.endsWith('/binding.gyp')));
  assert.deepEqual(native, [], 'no native module among the elements’ dependencies');
});

test('a page bundled by vite from @glasspane/elements/invoice-list defines that tag in Chromium', async (t) => {
  const opened = await bundleAndOpen(
    'page',
    '<!doctype html><title>Invoices</title><gp-invoice-list></gp-invoice-list><script type="module" src="./main.js"></script>\n',
    "import '@glasspane/elements/invoice-list';\n",
    async (tab) => {
      // Page code as strings: this file is type-checked for Node, without the DOM's types.
      await tab.waitForFunction(
        "customElements.get('gp-invoice-list') && document.querySelector('gp-invoice-list').shadowRoot?.childElementCount > 0",
      );
      const seen = (await tab.evaluate(`({
        upgraded: document.querySelector('gp-invoice-list') instanceof customElements.get('gp-invoice-list'),
        others: ['gp-usage-gauge', 'gp-server-list', 'gp-upgrade-wizard'].filter((tag) => customElements.get(tag)),
      })`)) as { upgraded: boolean; others: string[] };
      assert.equal(seen.upgraded, true, 'the element in the page is upgraded');
      assert.deepEqual(seen.others, [], 'the one-element entry does not register the others');
    },
  );
  if (!opened) t.skip('no Chromium (set CHROME_PATH)');
});

test('a React 18 page bundled by vite renders the wrappers: props reach the element, its events reach the on… props', async (t) => {
  if (!existsSync(join(project, 'node_modules/react-dom/client.js')))
    return t.skip('React 18 was not installed (npm registry not reachable)');
  const opened = await bundleAndOpen(
    'react-page',
    '<!doctype html><title>React 18</title><div id="root"></div><script type="module" src="./main.js"></script>\n',
    `import { createElement as h, version } from 'react';
import { createRoot } from 'react-dom/client';
import { GpUsageGauge } from '@glasspane/elements/react';
window.series = { metric: 'cpu', unit: 'percent', capacity: 100, resolution: 'raw', times: [1700000000], values: [40], stats: { peak: 40, p95: 40, shareAbove90: 0, limitHits: 0, current: 40, capacity: 100 } };
window.heard = [];
window.reactVersion = version;
createRoot(document.getElementById('root')).render(h(GpUsageGauge, { server: 'memcloud:a1', serverName: 'web-01', data: window.series, onGpUpgradeRequested: (e) => window.heard.push(e.detail) }));
`,
    async (tab) => {
      await tab.waitForFunction("document.querySelector('gp-usage-gauge') instanceof customElements.get('gp-usage-gauge')");
      await tab.evaluate(
        "document.querySelector('gp-usage-gauge').dispatchEvent(new CustomEvent('gp-upgrade-requested', { detail: { serverId: 'memcloud:a1', metric: 'cpu', peak: 40, capacity: 100 }, bubbles: true, composed: true }))",
      );
      await tab.waitForFunction('window.heard.length === 1');
      const seen = (await tab.evaluate(`({
        react: window.reactVersion,
        data: document.querySelector('gp-usage-gauge').data === window.series,
        serverName: document.querySelector('gp-usage-gauge').serverName,
        heard: window.heard[0],
      })`)) as { react: string; data: boolean; serverName: string; heard: { serverId: string } };
      assert.match(seen.react, /^18\./, 'React 18 ran the page');
      assert.equal(seen.data, true, 'the object prop was set as a property');
      assert.equal(seen.serverName, 'web-01');
      assert.deepEqual(
        seen.heard,
        { serverId: 'memcloud:a1', metric: 'cpu', peak: 40, capacity: 100 },
        'onGpUpgradeRequested got the event',
      );
    },
  );
  if (!opened) t.skip('no Chromium (set CHROME_PATH)');
});

type Tab = { waitForFunction(code: string): Promise<unknown>; evaluate(code: string): Promise<unknown> };

/**
 * Bundles a page (index.html and main.js in `name` under the project) with vite as a partner
 * would, serves it and runs `check` on it in headless Chromium; the page must throw nothing.
 * False when there is no Chromium.
 */
async function bundleAndOpen(name: string, indexHtml: string, mainJs: string, check: (tab: Tab) => Promise<void>): Promise<boolean> {
  const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (p) => p && existsSync(p),
  );
  if (!chrome) return false;
  const page = join(project, name);
  mkdirSync(page);
  writeFileSync(join(page, 'index.html'), indexHtml);
  writeFileSync(join(page, 'main.js'), mainJs);
  const { build } = await import('vite');
  await build({
    root: page,
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir: join(page, 'dist'), emptyOutDir: true },
  });
  const server = await serveStatic(join(page, 'dist'));
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: chrome,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await check(tab as unknown as Tab);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
  return true;
}

/** Every file under `dir` (symlinked folders not followed). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : [path];
  });
}

/** The installed folders of a package's dependencies, transitively, as Node would find them. */
function dependencyClosure(packageDir: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      if (found.has(name)) continue;
      let at = dir;
      let location: string | undefined;
      for (;;) {
        const candidate = join(at, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) {
          location = candidate;
          break;
        }
        const parent = resolve(at, '..');
        if (parent === at) break;
        at = parent;
      }
      if (!location) continue; // an optional dependency not installed on this platform
      found.set(name, location);
      visit(location);
    }
  };
  visit(packageDir);
  return found;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function serveStatic(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.startsWith(root) && existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
