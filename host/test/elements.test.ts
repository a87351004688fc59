import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost, type TestHost } from './helpers.js';

describe('the kit served at /elements/', () => {
  let host: TestHost;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-kit-'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'index.js'), 'export {};');
    writeFileSync(join(dir, 'chunks', 'core-abc.js'), 'export const x = 1;');
    host = await createTestHost({ elementsDir: dir });
  });
  after(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('any origin may load it as a module script', async () => {
    for (const path of ['/elements/index.js', '/elements/chunks/core-abc.js']) {
      const res = await host.request('GET', path, { headers: { origin: 'https://portal.elsewhere.example' } });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    }
  });

  test('a missing file is a JSON:API 404, and nothing outside the folder is reachable', async () => {
    const res = await host.request('GET', '/elements/nope.js');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as any).errors[0].code, 'not_found');
    const escape = await host.request('GET', '/elements/..%2f..%2fpackage.json');
    assert.notEqual(escape.status, 200);
  });

  test('an unbuilt kit says how to build it', async () => {
    const unbuilt = await createTestHost({ elementsDir: join(dir, 'missing') });
    try {
      const res = await unbuilt.request('GET', '/elements/index.js');
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as any).errors[0].detail, /npm run build/);
    } finally {
      await unbuilt.close();
    }
  });
});
