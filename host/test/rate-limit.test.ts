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
    host.request('POST', '/api/v1/escalations', { token, body: { data: { type: 'escalations', attributes: { step: 'type', note: 'Call me, please' } } } });

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
    const before = await host.services.db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(before.n), 6, 'the refused write wrote nothing');
    for (let i = 0; i < 10; i++) {
      const res = await host.request('PUT', `/api/v1/tenants/acme/services/s${i}`, { token: ADMIN_KEY, body: { data: { type: 'services', attributes: { name: `s${i}` } } } });
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
