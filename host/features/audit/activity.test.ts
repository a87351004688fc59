import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createTestHost, ADMIN_KEY, dialectName, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import localPlugin from '../../../plugins/local/index.js';

describe('activity log', () => {
  let host: TestHost;
  let cloud: MemoryCompute;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date('2026-11-20T10:00:00.000Z');
    cloud = new MemoryCompute();
    cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
    cloud.addServer('proj-globex', { id: 'g1', name: 'app-01' });
    host = await createTestHost({ plugins: [localPlugin, cloud.plugin()], compute: { watchIntervalMs: 10 }, now: () => clock });
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
  });
  afterEach(() => host.close());

  const list = async (token: string, query = '') => {
    const res = await host.request('GET', `/api/v1/activity${query}`, { token });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as {
      data: {
        id: string;
        attributes: {
          at: string;
          user: string;
          action: string;
          kind: string;
          target: string;
          sourceAddress: string | null;
          detail: Record<string, unknown>;
        };
      }[];
      links: Record<string, string | null>;
      meta: { total: number; users: string[]; kinds: string[] };
    };
  };

  test('a server stopped over HTTP is listed with the user from the token, the time from the clock and the client address', async () => {
    const server: ServerType = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tech = await host.token('acme', ['technical', 'customer']);
      const res = await fetch(`${base}/api/v1/servers/memcloud:a1/actions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tech}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify({ data: { type: 'server-actions', attributes: { action: 'stop' } } }),
      });
      assert.equal(res.status, 202, await res.text());
    } finally {
      await new Promise((r) => server.close(r));
    }
    const { data } = await list(await host.token('acme', ['customer']));
    const stop = data.find((e) => e.attributes.action === 'server.stop');
    assert.ok(stop, JSON.stringify(data));
    assert.deepEqual(
      {
        user: stop.attributes.user,
        target: stop.attributes.target,
        kind: stop.attributes.kind,
        at: stop.attributes.at,
        sourceAddress: stop.attributes.sourceAddress,
      },
      { user: 'user@acme.example', target: 'memcloud:a1', kind: 'server', at: '2026-11-20T10:00:00.000Z', sourceAddress: '127.0.0.1' },
    );
    // The row itself, not just the answer.
    const row = await host.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'server.stop').executeTakeFirstOrThrow();
    assert.equal(row.tenant_id, 'acme');
    assert.equal(row.source_address, '127.0.0.1');
  });

  test(`the log is append-only in the database itself (${dialectName}): UPDATE and DELETE fail, the row stays`, async () => {
    await host.services.audit.append('acme', 'alice@acme.example', 'server.stop', 'memcloud:a1', {}, { address: '192.0.2.7' });
    const { db } = host.services;
    await assert.rejects(db.updateTable('audit_log').set({ actor: 'mallory' }).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
    const rows = await db.selectFrom('audit_log').selectAll().execute();
    assert.deepEqual(
      rows.map((r) => [r.actor, r.source_address]),
      [['alice@acme.example', '192.0.2.7']],
    );
  });

  test('the CSV export keeps a user named "=cmd|…" as text, and keeps the filters', async () => {
    const evil = await host.token('acme', ['technical'], { user: "=cmd|' /C calc'!A0" });
    assert.equal(
      (
        await host.request('POST', '/api/v1/servers/memcloud:a1/actions', {
          token: evil,
          body: { data: { type: 'server-actions', attributes: { action: 'reboot' } } },
        })
      ).status,
      202,
    );
    await host.services.audit.append('acme', 'bob@acme.example', 'payment.succeeded', 'pay-1', { amount: 100 });
    const res = await host.request('GET', '/api/v1/activity.csv?filter[kind]=server', { token: await host.token('acme', ['customer']) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'time,user,action,target,source address,details');
    assert.equal(lines.length, 2, 'the payment is filtered out');
    assert.ok(lines[1]!.startsWith(`2026-11-20T10:00:00.000Z,"'=cmd|' /C calc'!A0",server.reboot,memcloud:a1,`), lines[1]);
  });

  test("a customer of one tenant never sees another tenant's entries, whatever the filters", async () => {
    const acme = await host.token('acme', ['technical', 'customer']);
    const globex = await host.token('globex', ['technical', 'customer']);
    assert.equal(
      (
        await host.request('POST', '/api/v1/servers/memcloud:a1/actions', {
          token: acme,
          body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
        })
      ).status,
      202,
    );
    assert.equal(
      (
        await host.request('POST', '/api/v1/servers/memcloud:g1/actions', {
          token: globex,
          body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
        })
      ).status,
      202,
    );
    const mine = await list(globex);
    assert.deepEqual(
      mine.data.map((e) => e.attributes.target),
      ['memcloud:g1'],
    );
    assert.deepEqual(mine.meta.users, ['user@globex.example']);
    assert.deepEqual((await list(globex, '?filter[user]=user@acme.example')).data, []);
    const csv = await (await host.request('GET', '/api/v1/activity.csv', { token: globex })).text();
    assert.doesNotMatch(csv, /acme|memcloud:a1/);
  });

  test('filters by kind, user and time; pages with links; payments only for billing readers', async () => {
    const at = (iso: string) => (clock = new Date(iso));
    at('2026-11-01T08:00:00.000Z');
    await host.services.audit.append('acme', 'alice@acme.example', 'server.start', 'memcloud:a1');
    at('2026-11-02T08:00:00.000Z');
    await host.services.audit.append('acme', 'bob@acme.example', 'payment.succeeded', 'pay-1', { amount: 100 });
    at('2026-11-03T08:00:00.000Z');
    await host.services.audit.append('acme', 'alice@acme.example', 'ticket.created', 'T-1001');
    const customer = await host.token('acme', ['customer']);

    assert.deepEqual(
      (await list(customer, '?filter[kind]=server,ticket')).data.map((e) => e.attributes.action),
      ['ticket.created', 'server.start'],
    );
    assert.deepEqual(
      (await list(customer, '?filter[user]=bob@acme.example')).data.map((e) => e.attributes.action),
      ['payment.succeeded'],
    );
    assert.deepEqual(
      (await list(customer, '?filter[from]=2026-11-02&filter[to]=2026-11-02')).data.map((e) => e.attributes.action),
      ['payment.succeeded'],
    );
    const first = await list(customer, '?page[size]=2');
    assert.equal(first.meta.total, 3);
    assert.equal(first.data.length, 2);
    assert.ok(first.links.next?.includes('page%5Bnumber%5D=2'), String(first.links.next));
    assert.deepEqual(
      (await list(customer, '?page[size]=2&page[number]=2')).data.map((e) => e.attributes.action),
      ['server.start'],
    );

    const technical = await list(await host.token('acme', ['technical']));
    assert.deepEqual(
      technical.data.map((e) => e.attributes.action),
      ['ticket.created', 'server.start'],
    );
    assert.ok(!technical.meta.kinds.includes('payment'));
    assert.deepEqual(technical.meta.users, ['alice@acme.example'], 'who paid is money too');
  });

  test('a PCI status change and a ticket are recorded through the same service', async () => {
    const customer = await host.token('acme', ['customer']);
    const checklist = (await (await host.request('GET', '/api/v1/pci/checklist', { token: customer })).json()) as {
      data: { attributes: { items: { id: string }[] } }[];
    };
    const itemId = checklist.data[0]!.attributes.items[0]!.id;
    const patched = await host.request('PATCH', `/api/v1/pci/items/${itemId}`, {
      token: customer,
      body: { data: { type: 'pci-items', id: itemId, attributes: { status: 'in_place' } } },
    });
    assert.equal(patched.status, 200, await patched.text());
    const pci = (await list(customer, '?filter[kind]=pci')).data;
    assert.deepEqual(
      pci.map((e) => [e.attributes.action, e.attributes.target, e.attributes.detail.to]),
      [['pci.status_changed', itemId, 'in_place']],
    );

    await host.request('PUT', '/api/v1/tenants/acme', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'tenants',
          attributes: {
            name: 'acme',
            computeAccounts: [{ source: 'memcloud', scope: 'proj-acme' }],
            supportAccount: { source: 'local', account: 'acme' },
          },
        },
      },
    });
    const opened = await host.request('POST', '/api/v1/tickets', {
      token: customer,
      body: { data: { type: 'tickets', attributes: { subject: 'Disk full', description: 'help', urgency: 'major' } } },
    });
    assert.equal(opened.status, 201, await opened.clone().text());
    const ticket = ((await opened.json()) as { data: { id: string; attributes: { number: string } } }).data;
    const staff = await host.token('acme', ['staff'], { user: 'am@provider.example' });
    clock = new Date('2026-11-20T10:05:00.000Z');
    assert.equal(
      (
        await host.request('POST', `/api/v1/tickets/${ticket.id}/messages`, {
          token: staff,
          body: { data: { type: 'ticket-messages', attributes: { body: 'On it.' } } },
        })
      ).status,
      201,
    );
    const tickets = (await list(customer, '?filter[kind]=ticket')).data;
    assert.deepEqual(
      tickets.map((e) => [e.attributes.action, e.attributes.user, e.attributes.target]),
      [
        ['ticket.replied', 'am@provider.example', ticket.id],
        ['ticket.created', 'user@acme.example', ticket.attributes.number],
      ],
    );
  });

  test('bad filters are JSON:API errors that name the parameter', async () => {
    const customer = await host.token('acme', ['customer']);
    for (const [query, parameter] of [
      ['?filter[kind]=bogus', 'filter[kind]'],
      ['?filter[from]=yesterday', 'filter[from]'],
      ['?filter[from]=2026-11-05&filter[to]=2026-11-01', 'filter[to]'],
    ] as const) {
      const res = await host.request('GET', `/api/v1/activity${query}`, { token: customer });
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { errors: { source?: { parameter?: string }; detail: string }[] };
      assert.equal(body.errors[0]!.source?.parameter, parameter, body.errors[0]!.detail);
    }
    assert.equal((await host.request('GET', '/api/v1/activity')).status, 401);
  });
});
