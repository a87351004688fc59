// The kit as a release serves it: built by the real build (scripts/kit-build.ts, as
// `vite build` runs it) into a temporary folder, then served by the host. Versions, cache
// headers, compressed copies, the single-file bundle's integrity hash, and a redeploy.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { build } from 'vite';
import { BUNDLE, kitConfig, kitElements, type KitManifest } from '../../scripts/kit-build.js';
import { pruneKit } from '../../scripts/kit-prune.js';
import { createTestHost, TEST_DATABASE_URL, waitFor, type TestHost } from './helpers.js';

const ORIGIN = { origin: 'https://portal.elsewhere.example' };

/** The relative modules a built file imports, statically or lazily (`./x.js`, `./chunks/x.js`). */
const importsOf = (code: string) => [...code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);

// The kit touches no database: built once per `npm test`, in the SQLite run, not again on PostgreSQL.
describe(
  'the versioned kit, built and served',
  { skip: TEST_DATABASE_URL ? 'the kit has no database: it runs in the SQLite pass' : false },
  () => {
    let root: string;
    let host: TestHost;
    const get = (path: string, headers: Record<string, string> = {}) => host.request('GET', path, { headers: { ...ORIGIN, ...headers } });
    const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

    before(async () => {
      root = mkdtempSync(join(tmpdir(), 'gp-kit-release-'));
      await build(kitConfig({ outDir: root, version: '1.0.0', logLevel: 'silent' }));
      host = await createTestHost({ elementsDir: root });
    });
    after(async () => {
      await host?.close();
      rmSync(root, { recursive: true, force: true });
    });

    test('the stable entry re-exports the current version, whose hashed chunks are immutable', async () => {
      const stable = await get('/elements/index.js');
      assert.equal(stable.status, 200);
      assert.deepEqual(importsOf(await stable.text()), ['./1.0.0/index.js']);
      const entry = await get('/elements/1.0.0/index.js');
      assert.equal(entry.status, 200);
      assert.equal(entry.headers.get('cache-control'), 'public, max-age=300');
      assert.equal(entry.headers.get('access-control-allow-origin'), '*');
      const imported = [...new Set(importsOf(await entry.text()))];
      const chunks = imported.filter((c) => c.startsWith('./chunks/'));
      assert.ok(chunks.length > 0, `index.js imports chunks: ${imported.join(', ')}`);
      for (const path of imported) {
        const res = await get(`/elements/1.0.0/${path.slice(2)}`);
        assert.equal(res.status, 200, path);
        // A chunk's name has its content hash; an entry another entry imports keeps its name.
        const hashed = /^\.\/chunks\/.+-[\w-]{8}\.js$/.test(path);
        assert.equal(hashed, chunks.includes(path), `${path} is named by its hash`);
        assert.equal(res.headers.get('cache-control'), hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300', path);
        assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
      }
    });

    test('an entry has a strong ETag and answers If-None-Match with 304 and no body', async () => {
      const first = await get('/elements/1.0.0/invoice-list.js');
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[\w-]+"$/, 'strong, not W/');
      const again = await get('/elements/1.0.0/invoice-list.js', { 'if-none-match': etag! });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(again.headers.get('cache-control'), 'public, max-age=300');
      assert.equal((await bytes(again)).length, 0);
      // Another file's tag is not this one's.
      const other = await get('/elements/1.0.0/usage-gauge.js', { 'if-none-match': etag! });
      assert.equal(other.status, 200);
      assert.notEqual(other.headers.get('etag'), etag);
    });

    test('brotli and gzip by Accept-Encoding, each decompressing to the same bytes, Vary set', async () => {
      const files = ['/elements/1.0.0/index.js', `/elements/1.0.0/${BUNDLE}`, '/elements/1.0.0/kit-manifest.json'];
      const entry = await (await get('/elements/1.0.0/index.js')).text();
      files.push(`/elements/1.0.0/${importsOf(entry)[0]!.slice(2)}`);
      for (const path of files) {
        const plain = await get(path, { 'accept-encoding': 'identity' });
        assert.equal(plain.headers.get('content-encoding'), null, path);
        assert.match(plain.headers.get('vary') ?? '', /Accept-Encoding/, path);
        const original = await bytes(plain);
        const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
        assert.equal(br.headers.get('content-encoding'), 'br', path);
        assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/, path);
        const brBody = await bytes(br);
        assert.ok(brBody.length < original.length, `${path}: ${brBody.length} < ${original.length}`);
        assert.deepEqual(brotliDecompressSync(brBody), original, path);
        assert.equal(Number(br.headers.get('content-length')), brBody.length);
        const gz = await get(path, { 'accept-encoding': 'gzip' });
        assert.equal(gz.headers.get('content-encoding'), 'gzip', path);
        assert.deepEqual(gunzipSync(await bytes(gz)), original, path);
        // Each representation has its own tag, and any of them revalidates the content.
        const tags = new Set([plain, br, gz].map((r) => r.headers.get('etag')));
        assert.equal(tags.size, 3, path);
        assert.equal((await get(path, { 'accept-encoding': 'br', 'if-none-match': plain.headers.get('etag')! })).status, 304);
      }
      // A client that refuses brotli, or weighs gzip higher, gets gzip.
      assert.equal((await get('/elements/1.0.0/index.js', { 'accept-encoding': 'br;q=0, gzip' })).headers.get('content-encoding'), 'gzip');
      assert.equal(
        (await get('/elements/1.0.0/index.js', { 'accept-encoding': 'br;q=0.5, gzip;q=1' })).headers.get('content-encoding'),
        'gzip',
      );
      // The compressed copies are the build's, not files a page may name.
      assert.equal((await get('/elements/1.0.0/index.js.br')).status, 404);
    });

    test(`${BUNDLE} is the whole kit in one file, and its published integrity hash matches the served bytes`, async () => {
      const manifest = (await (await get('/elements/1.0.0/kit-manifest.json')).json()) as KitManifest;
      assert.equal(manifest.version, '1.0.0');
      const res = await get(`/elements/1.0.0/${BUNDLE}`, { 'accept-encoding': 'br' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', 'crossorigin loads need CORS for the integrity check');
      const served = brotliDecompressSync(await bytes(res));
      const integrity = `sha384-${createHash('sha384').update(served).digest('base64')}`;
      assert.equal(manifest.files[BUNDLE]!.integrity, integrity);
      assert.equal(manifest.files[BUNDLE]!.bytes, served.length);
      const code = served.toString('utf8');
      assert.deepEqual(importsOf(code), [], 'imports nothing: lazy parts are inlined');
      // Every element's tag is registered by it.
      for (const name of kitElements()) assert.ok(code.includes(`"${name}"`) || code.includes(`'${name}'`), `${name} in ${BUNDLE}`);
      // The stable manifest lists the current version's files under their version.
      const current = (await (await get('/elements/kit-manifest.json')).json()) as KitManifest;
      assert.equal(current.files[`1.0.0/${BUNDLE}`]!.integrity, integrity);
      // Every listed file's hash is the served file's.
      for (const [file, { integrity: expected }] of Object.entries(manifest.files)) {
        const body = await bytes(await get(`/elements/1.0.0/${file}`, { 'accept-encoding': 'identity' }));
        assert.equal(`sha384-${createHash('sha384').update(body).digest('base64')}`, expected, file);
      }
    });

    test(`a page on another origin loads ${BUNDLE} with its integrity hash, and every tag is defined; a wrong hash is refused`, async (t) => {
      const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
        (p) => p && existsSync(p),
      );
      if (!chrome) return t.skip('no Chromium (set CHROME_PATH)');
      const { integrity } = ((await (await get('/elements/1.0.0/kit-manifest.json')).json()) as KitManifest).files[BUNDLE]!;
      const server = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      const src = `http://127.0.0.1:${(server.address() as AddressInfo).port}/elements/1.0.0/${BUNDLE}`;
      // The partner's page, on its own origin (another port), with the docs' snippet and the hash `?integrity=` names.
      const portal = createServer((req, res) => {
        const hash = new URL(req.url ?? '/', 'http://x').searchParams.get('integrity');
        if (!hash) return void res.writeHead(204).end();
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>Portal</title><script type="module" src="${src}" integrity="${hash}" crossorigin></script>`);
      });
      portal.listen(0, '127.0.0.1');
      await new Promise((r) => portal.once('listening', r));
      const { default: puppeteer } = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        executablePath: chrome,
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run'],
      });
      try {
        const open = async (hash: string) => {
          const tab = await browser.newPage();
          const errors: string[] = [];
          tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
          await tab.goto(`http://127.0.0.1:${(portal.address() as AddressInfo).port}/?integrity=${encodeURIComponent(hash)}`);
          return { tab, errors };
        };
        const names = kitElements().map((name) => `gp-${name}`);
        const good = await open(integrity);
        await good.tab.waitForFunction('customElements.get("gp-provider") !== undefined');
        const undefinedTags = (await good.tab.evaluate(`${JSON.stringify(names)}.filter((tag) => !customElements.get(tag))`)) as string[];
        assert.deepEqual(undefinedTags, [], 'every element is defined by the one file');
        assert.deepEqual(good.errors, []);
        const bad = await open(`sha384-${createHash('sha384').update('something else').digest('base64')}`);
        await waitFor('the browser to refuse the file', () => bad.errors.some((e) => /integrity/i.test(e)), 30_000);
        assert.equal(
          await bad.tab.evaluate('customElements.get("gp-provider") === undefined'),
          true,
          'a file that is not the published one does not run',
        );
      } finally {
        await browser.close();
        server.close();
        portal.close();
      }
    });

    test("after a new version's build, a page that loaded the old index.js still gets every module it imports", async () => {
      const old = await (await get('/elements/1.0.0/index.js')).text();
      // A chunk of an earlier build of the version about to be built: the build leaves it too.
      mkdirSync(join(root, '1.1.0', 'chunks'), { recursive: true });
      writeFileSync(join(root, '1.1.0', 'chunks', 'earlier-build-Ab12Cd34.js'), 'export const earlier = 1;\n');

      await build(kitConfig({ outDir: root, version: '1.1.0', logLevel: 'silent' }));

      assert.deepEqual(importsOf(await (await get('/elements/index.js')).text()), ['./1.1.0/index.js'], 'the stable entry moved on');
      assert.equal(((await (await get('/elements/kit-manifest.json')).json()) as KitManifest).version, '1.1.0');
      assert.equal(await (await get('/elements/1.0.0/index.js')).text(), old, 'the old entry is unchanged');
      const seen = new Set<string>();
      const visit = async (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        const res = await get(path);
        assert.equal(res.status, 200, path);
        for (const next of importsOf(await res.text())) await visit(new URL(next, `http://x${path}`).pathname);
      };
      await visit('/elements/1.0.0/index.js');
      assert.ok(
        [...seen].some((p) => p.includes('/1.0.0/chunks/')),
        'the old chunks were fetched',
      );
      assert.equal((await get('/elements/1.1.0/chunks/earlier-build-Ab12Cd34.js')).status, 200);
      assert.equal(readFileSync(join(root, '1.1.0', 'chunks', 'earlier-build-Ab12Cd34.js'), 'utf8'), 'export const earlier = 1;\n');

      // A rebuild of the same version keeps serving every chunk compressed (the copies stay fresh).
      await build(kitConfig({ outDir: root, version: '1.1.0', logLevel: 'silent' }));
      const chunk = importsOf(await (await get('/elements/1.1.0/index.js')).text()).find((c) => c.startsWith('./chunks/'))!;
      const again = await get(`/elements/1.1.0/${chunk.slice(2)}`, { 'accept-encoding': 'br' });
      assert.equal(again.headers.get('content-encoding'), 'br', chunk);
      assert.equal((await get('/elements/1.1.0/chunks/earlier-build-Ab12Cd34.js')).status, 200);

      // Pruning keeps the current and the previous version, and only this build's chunks when asked.
      mkdirSync(join(root, '0.9.0', 'chunks'), { recursive: true });
      writeFileSync(join(root, '0.9.0', 'index.js'), 'export {};\n');
      const removed = pruneKit(root, { keep: 2, staleChunks: true });
      assert.deepEqual(removed.versions, ['0.9.0']);
      assert.ok(!existsSync(join(root, '0.9.0')));
      assert.equal((await get('/elements/1.0.0/index.js')).status, 200);
      assert.equal((await get('/elements/1.1.0/chunks/earlier-build-Ab12Cd34.js')).status, 404);
      assert.ok(removed.chunks.includes('1.1.0/chunks/earlier-build-Ab12Cd34.js'));
      await visit('/elements/1.1.0/index.js');
    });
  },
);
