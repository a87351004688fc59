import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from './helpers.js';

describe('write rate limit per token', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost({ writeRateLimit: { burst: 5, perMinute: 60 } });
    await seedTwoTenants(host);
  });
  after(() => host.close());

  const ticket = (token: string) =>
    host.request('POST', '/api/v1/escalations', {
      token,
      body: { data: { type: 'escalations', attributes: { step: 'type', note: 'Call me, please' } } },
    });

  it('answers 429 with Retry-After past the burst, for that token only, and never limits reads or the admin key', async () => {
    const a = await host.token('acme', ['customer']);
    const b = await host.token('acme', ['customer']);
    for (let i = 0; i < 5; i++) assert.equal((await ticket(a)).status, 201);
    const limited = await ticket(a);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const body = (await limited.json()) as any;
    assert.equal(body.errors[0].code, 'rate_limited');
    assert.match(body.errors[0].detail, /try again in \d+ seconds/);
    assert.equal((await ticket(b)).status, 201, 'another token is not affected');
    assert.equal((await host.request('GET', '/api/v1/escalations', { token: a })).status, 200, 'reads are not limited');
    const before = await host.services.db
      .selectFrom('escalations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(before.n), 6, 'the refused write wrote nothing');
    for (let i = 0; i < 10; i++) {
      const res = await host.request('PUT', `/api/v1/tenants/acme/services/s${i}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'services', attributes: { name: `s${i}` } } },
      });
      assert.ok(res.status < 300, 'the admin key is the provider backend: not limited');
    }
  });

  it('says so in the OpenAPI document', async () => {
    const doc = (await (await host.request('GET', '/api/v1/openapi.json')).json()) as any;
    assert.ok(doc.paths['/api/v1/tickets'].post.responses['429']);
    assert.ok(doc.paths['/api/v1/orders'].post.responses['429']);
    assert.equal(doc.paths['/api/v1/tickets'].get.responses['429'], undefined);
  });
});

describe('write rate limit keyed on the verified session', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost({ writeRateLimit: { burst: 3, perMinute: 60 } });
    await seedTwoTenants(host);
  });
  after(() => host.close());

  it('gives one bucket to one token however its header is spelt', async () => {
    const token = await host.token('acme', ['customer']);
    const spellings = [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token}`, ` Bearer ${token} `, `Bearer\t${token}`];
    const statuses: number[] = [];
    for (const authorization of spellings) {
      const res = await host.request('POST', '/api/v1/escalations', {
        headers: { authorization },
        body: { data: { type: 'escalations', attributes: { step: 'type', note: 'Call me, please' } } },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const written = await host.services.db
      .selectFrom('escalations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(written.n), 3);
  });
});

describe('failed admin keys per client address', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost({
      authFailureLimit: { freeFailures: 3, baseDelayMs: 2000, clientAddress: (c) => c.req.header('x-test-peer') ?? 'a' },
    });
  });
  after(() => host.close());
  const guess = (key: string, peer = 'a') =>
    host.request('POST', '/api/v1/embed-sessions', {
      token: key,
      headers: { 'x-test-peer': peer },
      body: { data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'x@acme.example', roles: ['customer'] } } },
    });

  it('lets a few wrong keys through, then makes that address wait, longer after each failure', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await guess(`wrong-key-${i}-abcdefghijklmnop`)).status, 401);
    const waiting = await guess('wrong-key-again-abcdefghijklmnop');
    assert.equal(waiting.status, 429);
    assert.equal(((await waiting.json()) as any).errors[0].code, 'too_many_failed_logins');
    assert.ok(Number(waiting.headers.get('retry-after')) >= 1);
    // Even the right key waits: the guesser may share the address with the portal backend.
    assert.equal((await guess(ADMIN_KEY)).status, 429);
    assert.equal((await guess('wrong-key-other-peer-abcdefghijk', 'b')).status, 401, 'another address is not affected');
  });

  it('counts wrong keys at /metrics too, and never limits the probes', async () => {
    const scrape = (key: string) => host.request('GET', '/metrics', { token: key, headers: { 'x-test-peer': 'c' } });
    for (let i = 0; i < 4; i++) {
      const refused = await scrape(`wrong-key-${i}-abcdefghijklmnop`);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('www-authenticate'), 'Bearer');
      assert.equal(((await refused.json()) as any).errors[0].code, 'unauthorized');
    }
    const waiting = await scrape('wrong-key-again-abcdefghijklmnop');
    assert.equal(waiting.status, 429);
    assert.equal(((await waiting.json()) as any).errors[0].code, 'too_many_failed_logins');
    assert.equal((await scrape(ADMIN_KEY)).status, 429, 'the address waits at /metrics');
    assert.equal((await guess(ADMIN_KEY, 'c')).status, 429, '…and at the API: one count per address');
    // A load balancer's probes from that address, even with a stale key, are answered.
    for (const probe of ['/healthz', '/readyz']) {
      const res = await host.request('GET', probe, { token: 'wrong-key-stale-abcdefghijklmnop', headers: { 'x-test-peer': 'c' } });
      assert.equal(res.status, 200, probe);
    }
    assert.equal(
      (await host.request('GET', '/metrics', { token: ADMIN_KEY, headers: { 'x-test-peer': 'd' } })).status,
      200,
      'another address scrapes',
    );
  });
});
