import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, collect, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { ProviderError } from '../../errors.js';
import localPlugin from '../../../plugins/local/index.js';

describe('servers', () => {
  let host: TestHost;
  let cloud: MemoryCompute;
  let acmeTech: string;
  let acmeCustomer: string;
  let globexTech: string;

  beforeEach(async () => {
    cloud = new MemoryCompute();
    cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
    cloud.addServer('proj-acme', { id: 'a2', name: 'db-01', status: 'stopped', providerStatus: 'SHUTOFF' });
    cloud.addServer('proj-globex', { id: 'g1', name: 'app-01' });
    host = await createTestHost({ plugins: [localPlugin, cloud.plugin()], compute: { watchIntervalMs: 10 } });
    for (const [tenant, scope] of [
      ['acme', 'proj-acme'],
      ['globex', 'proj-globex'],
    ]) {
      const res = await host.request('PUT', `/api/v1/tenants/${tenant}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: tenant, computeAccounts: [{ source: 'memcloud', scope }] } } },
      });
      assert.equal(res.status, 201);
    }
    acmeTech = await host.token('acme', ['technical']);
    acmeCustomer = await host.token('acme', ['customer']);
    globexTech = await host.token('globex', ['technical']);
  });
  afterEach(() => host.close());

  const act = (id: string, action: string, token = acmeTech) =>
    host.request('POST', `/api/v1/servers/${id}/actions`, { token, body: { data: { type: 'server-actions', attributes: { action } } } });

  test("a tenant lists its own servers only, with prefixed ids and the provider's details", async () => {
    const res = await host.request('GET', '/api/v1/servers', { token: acmeCustomer });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.deepEqual(
      body.data.map((s: any) => [s.id, s.attributes.name, s.attributes.status]),
      [
        ['memcloud:a2', 'db-01', 'stopped'],
        ['memcloud:a1', 'web-01', 'active'],
      ],
    );
    assert.equal(body.data[1].attributes.flavor.name, 'm1.small');
    assert.equal(body.meta.total, 2);
    assert.equal((await host.request('GET', '/api/v1/servers/memcloud:g1', { token: acmeCustomer })).status, 404);
    assert.equal((await host.request('GET', '/api/v1/servers/memcloud:a1', { token: acmeCustomer })).status, 200);
    assert.equal((await host.request('GET', '/api/v1/servers/other:a1', { token: acmeCustomer })).status, 404);
  });

  test("power actions need the technical role; another tenant's server is 404", async () => {
    const denied = await act('memcloud:a1', 'stop', acmeCustomer);
    assert.equal(denied.status, 403);
    assert.equal((await act('memcloud:a1', 'stop', globexTech)).status, 404);
    assert.equal(cloud.pending.size, 0, 'nothing reached the provider');
  });

  test('stop is accepted with the pending task, then the settled state streams in', async () => {
    const stream = collect(host, 'servers');
    const res = await act('memcloud:a1', 'stop');
    assert.equal(res.status, 202);
    const body = (await res.json()) as any;
    assert.equal(body.data.attributes.task, 'powering-off');
    await stream.until((e) => e.length > 0);
    assert.equal(stream.events[0]!.data.data.attributes.task, 'powering-off');
    cloud.settle();
    await stream.until((e) => e.at(-1)?.data.data.attributes.status === 'stopped');
    const last = stream.events.at(-1)!;
    assert.equal(last.tenant, 'acme');
    assert.equal(last.data.data.attributes.status, 'stopped');
    assert.equal(last.data.data.attributes.task, null);
  });

  test("the provider's refusal is a readable 409, and bad input is a 422 with a pointer", async () => {
    const res = await act('memcloud:a2', 'stop');
    assert.equal(res.status, 409);
    const body = (await res.json()) as any;
    assert.equal(body.errors[0].code, 'server_state_conflict');
    // The server's state explains it: the host says so, in the reader's language.
    assert.equal(body.errors[0].detail, 'db-01 is already stopped.');
    const german = await host.request('POST', '/api/v1/servers/memcloud:a2/actions?lang=de', {
      token: acmeTech,
      body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
    });
    assert.equal(((await german.json()) as any).errors[0].detail, 'db-01 ist bereits gestoppt.');
    const bad = await act('memcloud:a1', 'explode');
    assert.equal(bad.status, 422);
    assert.equal(((await bad.json()) as any).errors[0].source.pointer, '/data/attributes/action');
  });

  test('create validates the name and answers 202 with a building server', async () => {
    const create = (attributes: object) =>
      host.request('POST', '/api/v1/servers', { token: acmeTech, body: { data: { type: 'servers', attributes } } });
    const bad = await create({ name: '-bad name', flavorId: 'f1', imageId: 'img-1' });
    assert.equal(bad.status, 422);
    assert.equal(((await bad.json()) as any).errors[0].source.pointer, '/data/attributes/name');
    const res = await create({ name: 'web-03', flavorId: 'f1', imageId: 'img-1' });
    assert.equal(res.status, 202);
    const body = (await res.json()) as any;
    assert.equal(body.data.id, 'memcloud:new-web-03');
    assert.equal(body.data.attributes.status, 'building');
    assert.equal(res.headers.get('location'), '/api/v1/servers/memcloud%3Anew-web-03');
    assert.equal(
      (
        await host.request('POST', '/api/v1/servers', {
          token: acmeCustomer,
          body: { data: { type: 'servers', attributes: { name: 'x', flavorId: 'f1', imageId: 'i' } } },
        })
      ).status,
      403,
    );
  });

  test("flavors and images come from the tenant's account", async () => {
    const flavors = (await (await host.request('GET', '/api/v1/flavors', { token: acmeCustomer })).json()) as any;
    assert.deepEqual(
      flavors.data.map((f: any) => [f.type, f.id, f.attributes.vcpus]),
      [['flavors', 'f1', 2]],
    );
    const images = (await (await host.request('GET', '/api/v1/images', { token: acmeCustomer })).json()) as any;
    assert.equal(images.data[0].attributes.name, 'Debian 12');
  });

  test('a tenant without a server account lists nothing, and only creating says why', async () => {
    await host.request('PUT', '/api/v1/tenants/initech', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Initech' } } },
    });
    const token = await host.token('initech', ['technical']);
    for (const path of ['/api/v1/servers', '/api/v1/flavors', '/api/v1/images']) {
      const res = await host.request('GET', path, { token });
      assert.equal(res.status, 200, path);
      assert.deepEqual(((await res.json()) as any).data, []);
    }
    const create = await host.request('POST', '/api/v1/servers', {
      token,
      body: { data: { type: 'servers', attributes: { name: 'x', flavorId: 'f', imageId: 'i' } } },
    });
    assert.equal(create.status, 409);
    assert.equal(((await create.json()) as any).errors[0].code, 'no_compute_account');
  });

  test('a provider outage is a 503 with the provider named for staff and the service for the customer', async () => {
    cloud.failing = new ProviderError('memcloud', 'The compute API did not answer within 10 s.', {
      status: 503,
      code: 'provider_unreachable',
      operation: 'compute.listServers',
    });
    const res = await host.request('GET', '/api/v1/servers', { token: acmeCustomer });
    assert.equal(res.status, 503);
    const body = (await res.json()) as any;
    assert.equal(body.errors[0].code, 'provider_unreachable');
    assert.equal(body.errors[0].meta.service, 'compute');
    assert.equal(body.errors[0].meta.provider, undefined);
    const staff = await host.request('GET', '/api/v1/servers', { token: await host.token('acme', ['staff']) });
    assert.equal(staff.status, 503);
    const seen = (await staff.json()) as any;
    assert.equal(seen.errors[0].meta.provider, 'memcloud');
    assert.equal(seen.errors[0].detail, 'The compute API did not answer within 10 s.');
  });

  test('an account at an unknown provider is refused when the tenant is saved', async () => {
    const res = await host.request('PUT', '/api/v1/tenants/initech', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Initech', computeAccounts: [{ source: 'aws', scope: 'x' }] } } },
    });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/computeAccounts/0/source');
  });
});
