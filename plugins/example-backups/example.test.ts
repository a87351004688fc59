import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import plugin, { VaultlyEvents } from './index.js';
import { startVaultlyFake } from './fake.js';
import { createHost, loadPlugin, EventSourceToken, PluginConfigError } from '@glasspane/host';
import localPlugin from '../local/index.js';

describe('example plugin (Vaultly backups) against its fake', () => {
  let fake: Awaited<ReturnType<typeof startVaultlyFake>>;
  before(async () => {
    fake = await startVaultlyFake({ pageSize: 3 });
    for (let i = 0; i < 7; i++)
      fake.addJob('acme', {
        id: `j${i}`,
        server: 'srv-1',
        serverName: 'web-01',
        started: new Date(Date.UTC(2026, 10, 1 + i, 2)).toISOString(),
        state: i === 4 ? 'failed' : 'succeeded',
      });
    fake.addJob('acme', {
      id: 'running',
      server: 'srv-1',
      serverName: 'web-01',
      started: new Date(Date.UTC(2026, 10, 9, 2)).toISOString(),
      state: 'running',
    });
  });
  after(() => fake.close());

  it('pages through the jobs, marks failures, leaves running jobs out', async () => {
    const events = new VaultlyEvents({ apiUrl: fake.apiUrl, token: fake.token, timeoutMs: 2000 });
    const list = await events.listEvents('acme', { since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') });
    assert.deepEqual(
      list.map((e) => e.id),
      ['j1', 'j2', 'j3', 'j4', 'j5', 'j6'],
    );
    assert.equal(list.find((e) => e.id === 'j4')!.severity, 'critical');
    assert.equal(list.find((e) => e.id === 'j4')!.title, 'Backup of web-01 failed');
  });

  it('turns a bad token and rate limiting into readable errors', async () => {
    const bad = new VaultlyEvents({ apiUrl: fake.apiUrl, token: 'wrong', timeoutMs: 2000 });
    const range = { since: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') };
    await assert.rejects(
      bad.listEvents('acme', range),
      (e: any) => e.errors[0].code === 'provider_auth_failed' && /VAULTLY_TOKEN/.test(e.message),
    );
    fake.throttleNext(1);
    const ok = new VaultlyEvents({ apiUrl: fake.apiUrl, token: fake.token, timeoutMs: 2000 });
    await assert.rejects(
      ok.listEvents('acme', range),
      (e: any) => e.errors[0].code === 'provider_rate_limited' && e.headers['Retry-After'] === '7',
    );
  });

  it('registers its EventSource, as provides says, in a container of its own', async () => {
    const container = await loadPlugin(plugin, { apiUrl: fake.apiUrl, token: fake.token });
    const [events] = container.resolveAll(EventSourceToken);
    assert.ok(events instanceof VaultlyEvents);
    assert.equal(events.source, 'vaultly');
  });

  it('validates its configuration, and its backups reach the account calendar of a real host', async () => {
    await assert.rejects(
      createHost({
        adminKey: 'example-admin-key-123',
        database: ':memory:',
        plugins: [{ plugin, config: { apiUrl: 'not a url' } }],
        env: {},
        pollMs: 0,
      }),
      PluginConfigError,
    );
    const host = await createHost({
      adminKey: 'example-admin-key-123',
      database: ':memory:',
      plugins: [localPlugin, { plugin, config: { apiUrl: fake.apiUrl, token: fake.token } }],
      env: {},
      pollMs: 0,
      collectMs: 0,
      autopayMs: 0,
      eventsMs: 0,
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    try {
      const admin = { authorization: 'Bearer example-admin-key-123', 'content-type': 'application/vnd.api+json' };
      await host.fetch(
        new Request('http://h/api/v1/tenants/acme', {
          method: 'PUT',
          headers: admin,
          body: JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Acme' } } }),
        }),
      );
      // Vaultly runs no servers, so the host asks it for the tenant by its id (Vaultly account "acme").
      const staff = await host.fetch(
        new Request('http://h/api/v1/embed-sessions', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'am', roles: ['staff'] } } }),
        }),
      );
      const token = ((await staff.json()) as any).data.attributes.token;
      const month = (await (
        await host.fetch(
          new Request('http://h/api/v1/account-events?start=2026-11-01&end=2026-12-01', { headers: { authorization: `Bearer ${token}` } }),
        )
      ).json()) as any;
      assert.equal(month.data.filter((e: any) => e.attributes.type === 'backup').length, 7);
    } finally {
      await host.close();
    }
  });
});
