// The scale-out mode as a provider runs it: two host processes (separate OS processes) on one
// PostgreSQL database, requests spread over both. Every invariant the single-process race
// tests hold must hold here too, and nothing answers 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { ADMIN_KEY, TEST_DATABASE_URL } from './helpers.js';
import { spawnUntilReady } from './fixtures/spawn.js';

const isPostgres = !!TEST_DATABASE_URL?.startsWith('postgres');

describe('two host processes on one PostgreSQL', { skip: isPostgres ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, () => {
  const schema = `two_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const children: ChildProcess[] = [];
  let bases: string[] = [];

  const call = async (base: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const admin = (method: string, path: string, body: unknown) => call(bases[0]!, method, path, ADMIN_KEY, body);
  const mint = async (roles: string[]) => {
    const res = await admin('POST', '/api/v1/embed-sessions', { data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: `u${Math.random()}@acme.example`, roles } } });
    return ((await res.json()) as any).data.attributes.token as string;
  };

  before(async () => {
    // The first process migrates; the second finds the schema ready.
    for (let i = 0; i < 2; i++) {
      const { child, base } = await spawnUntilReady(['--import', 'tsx', 'host/test/fixtures/crash-host.ts', TEST_DATABASE_URL!, schema]);
      children.push(child);
      bases.push(base);
    }
    assert.equal((await admin('PUT', '/api/v1/tenants/acme', { data: { type: 'tenants', attributes: { name: 'Acme', supportAccount: { source: 'local', account: 'acme' }, billingAccount: { source: 'local', account: 'acme' } } } })).status, 201);
    assert.equal((await admin('PUT', '/api/v1/catalog/p-s', { data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'S', currency: 'EUR', monthlyAmount: 1000, rank: 1 } } })).status, 200);
    assert.equal((await admin('PUT', '/api/v1/catalog/p-l', { data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'L', currency: 'EUR', monthlyAmount: 4000, rank: 2 } } })).status, 200);
    const plan = await admin('PUT', '/api/v1/tenants/acme/service-plans/web-01', { data: { type: 'service-plans', attributes: { serviceName: 'web-01', planId: 'p-s', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' } } });
    assert.equal(plan.status, 200, await plan.text());
  });

  after(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode ? undefined : new Promise((r) => c.once('exit', r)))));
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('fifty tickets across both processes: fifty numbers, none twice, no 5xx', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, () => mint(['customer'])));
    const answers = await Promise.all(
      tokens.map((token, i) => call(bases[i % 2]!, 'POST', '/api/v1/tickets', token, { data: { type: 'tickets', attributes: { subject: `Host ${i} unreachable`, description: `Since ${i} minutes`, urgency: 'major' } } })),
    );
    const statuses = answers.map((r) => r.status);
    assert.deepEqual([...new Set(statuses)], [201], statuses.join(','));
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as any).data.attributes.number as string));
    assert.equal(new Set(numbers).size, 50, 'no ticket number twice');
  });

  it('fifty upgrades of one service across both processes: one order, no 5xx', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, () => mint(['customer', 'billing'])));
    const answers = await Promise.all(
      tokens.map((token, i) =>
        call(bases[i % 2]!, 'POST', '/api/v1/orders', token, { data: { type: 'orders', attributes: { type: 'upgrade', serviceId: 'web-01', planId: 'p-l' } } }, { 'idempotency-key': `two-processes-${i}` }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.every((s) => s < 500), statuses.join(','));
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    const list = ((await (await call(bases[1]!, 'GET', '/api/v1/orders', tokens[0]!)).json()) as any).data;
    assert.equal(list.filter((o: any) => o.attributes.serviceId === 'web-01').length, 1, 'one order in the world');
  });

  it("twenty first reads of a billing date across both processes issue each period's invoice once", async () => {
    const sub = await admin('PUT', '/api/v1/tenants/acme/subscriptions/srv', {
      data: { type: 'subscriptions', attributes: { description: 'Managed server M', quantity: 1, unitAmount: 12_900, currency: 'EUR', intervalMonths: 1, taxRateBp: 1900, nextInvoiceOn: '2026-10-01' } },
    });
    assert.equal(sub.status, 200, await sub.text());
    const tokens = await Promise.all(Array.from({ length: 20 }, () => mint(['billing'])));
    const answers = await Promise.all(tokens.map((token, i) => call(bases[i % 2]!, 'GET', '/api/v1/invoices', token)));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
    const invoices = ((await (await call(bases[0]!, 'GET', '/api/v1/invoices', tokens[0]!)).json()) as any).data as any[];
    const october = invoices.filter((i) => i.attributes.issuedOn === '2026-10-01');
    assert.equal(october.length, 1, 'October was billed once, not once per process or request');
    assert.equal(new Set(invoices.map((i) => i.attributes.number)).size, invoices.length, 'no invoice number twice');
  });
});
