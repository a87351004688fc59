import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createTestHost, type TestHost } from '../../test/helpers.js';
import { providerFetch } from '../../provider-http.js';

describe('liveness and readiness', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost();
  });
  after(() => host.close());

  it('/healthz answers without a token and touches nothing', async () => {
    const res = await host.request('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('/readyz is ready when the database answers and every migration ran; a failing provider is reported, not fatal', async () => {
    // A port nothing listens on: the local plugin's provider "fails" once.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assert.rejects(providerFetch('local', 'Local', `http://127.0.0.1:${port}/`, {}, { timeoutMs: 2000 }), /could not be reached/);

    const res = await host.request('GET', '/readyz');
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.checks, { database: { status: 'ok' }, migrations: { status: 'ok' } });
    assert.equal(body.plugins.local.state, 'failing');
    assert.equal(body.plugins.local.lastError.code, 'provider_unreachable');
  });

  it('/readyz answers 503 with the reason when a migration has not run', async () => {
    const table = 'glasspane_migrations';
    const last = await host.services.db
      .selectFrom(table as any)
      .select('name' as any)
      .orderBy('name' as any, 'desc')
      .executeTakeFirstOrThrow();
    await host.services.db
      .deleteFrom(table as any)
      .where('name' as any, '=', (last as any).name)
      .execute();
    const res = await host.request('GET', '/readyz');
    assert.equal(res.status, 503);
    const body = (await res.json()) as any;
    assert.equal(body.status, 'not_ready');
    assert.equal(body.checks.database.status, 'ok');
    assert.match(body.checks.migrations.reason, new RegExp(`not applied: ${(last as any).name}`));
  });
});

describe('probes in the OpenAPI document', () => {
  it('lists /healthz and /readyz', async () => {
    const host = await createTestHost();
    try {
      const doc = (await (await host.request('GET', '/api/v1/openapi.json')).json()) as any;
      assert.ok(doc.paths['/healthz'].get);
      assert.ok(doc.paths['/readyz'].get.responses['503']);
    } finally {
      await host.close();
    }
  });
});
