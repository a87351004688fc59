import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createTestHost, seedTwoTenants, ADMIN_KEY, TOKEN_SECRET, type TestHost } from './helpers.js';
import { createHost } from '../app.js';
import { mintEmbedToken, verifyEmbedToken } from '../auth/embed-token.js';
import { requireToken } from '../auth/middleware.js';
import type { HostEnv } from '../context.js';

describe('embed sessions and tokens', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost();
    await seedTwoTenants(host);
  });
  after(() => host.close());

  const mint = (attributes: Record<string, unknown>, key = ADMIN_KEY) =>
    host.request('POST', '/api/v1/embed-sessions', { token: key, body: { data: { type: 'embed-sessions', attributes } } });

  test('the admin key mints a token that names tenant, user, roles and expiry', async () => {
    const res = await mint({
      tenant: 'acme',
      user: 'alice@acme.example',
      roles: ['customer', 'billing'],
      ttlSeconds: 600,
      origins: ['https://portal.acme.example'],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'application/vnd.api+json');
    const body = (await res.json()) as any;
    assert.equal(body.data.type, 'embed-sessions');
    const claims = await verifyEmbedToken(body.data.attributes.token, TOKEN_SECRET);
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.user, 'alice@acme.example');
    assert.deepEqual(claims.roles, ['customer', 'billing']);
    assert.equal(claims.exp - claims.iat, 600);
    assert.equal(new Date(body.data.attributes.expiresAt).getTime(), claims.exp * 1000);
  });

  test('minting without or with a wrong admin key is 401, and an embed token is not an admin key', async () => {
    assert.equal((await mint({ tenant: 'acme', user: 'a', roles: ['customer'] }, 'wrong-key-wrong-key')).status, 401);
    const res = await host.request('POST', '/api/v1/embed-sessions', { body: { data: { type: 'embed-sessions', attributes: {} } } });
    assert.equal(res.status, 401);
    const token = await host.token('acme', ['staff']);
    assert.equal((await mint({ tenant: 'acme', user: 'a', roles: ['customer'] }, token)).status, 401);
  });

  test('a token lives at most one hour', async () => {
    const res = await mint({ tenant: 'acme', user: 'a', roles: ['customer'], ttlSeconds: 3601 });
    assert.equal(res.status, 422);
    const body = (await res.json()) as any;
    assert.equal(body.errors[0].source.pointer, '/data/attributes/ttlSeconds');
    await assert.rejects(
      mintEmbedToken({ secret: TOKEN_SECRET, tenant: 'acme', user: 'a', roles: ['customer'], ttlSeconds: 7200 }),
      RangeError,
    );
  });

  test('unknown tenant, unknown role and a non-origin are refused with pointers', async () => {
    const unknown = (await (await mint({ tenant: 'initech', user: 'a', roles: ['customer'] })).json()) as any;
    assert.equal(unknown.errors[0].code, 'unknown_tenant');
    assert.equal(unknown.errors[0].source.pointer, '/data/attributes/tenant');
    const role = (await (await mint({ tenant: 'acme', user: 'a', roles: ['root'] })).json()) as any;
    assert.equal(role.errors[0].source.pointer, '/data/attributes/roles/0');
    const origin = (await (
      await mint({ tenant: 'acme', user: 'a', roles: ['customer'], origins: ['https://x.example/path'] })
    ).json()) as any;
    assert.equal(origin.errors[0].source.pointer, '/data/attributes/origins/0');
  });

  test('expired, tampered, foreign-signed and alg-none tokens are 401 with a reason', async () => {
    const expired = await mintEmbedToken({
      secret: TOKEN_SECRET,
      tenant: 'acme',
      user: 'a',
      roles: ['customer'],
      ttlSeconds: 60,
      now: new Date(Date.now() - 3600_000),
    });
    let res = await host.request('GET', '/api/v1/maintenances', { token: expired.token });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).errors[0].code, 'token_expired');

    const good = await host.token('acme');
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, tenant: 'globex' })).toString('base64url');
    res = await host.request('GET', '/api/v1/maintenances', { token: `${h}.${forged}.${s}` });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).errors[0].code, 'token_invalid');

    const foreign = await mintEmbedToken({ secret: 'some-other-secret-entirely', tenant: 'acme', user: 'a', roles: ['customer'] });
    assert.equal((await host.request('GET', '/api/v1/maintenances', { token: foreign.token })).status, 401);

    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    assert.equal((await host.request('GET', '/api/v1/maintenances', { token: none })).status, 401);
    assert.equal((await host.request('GET', '/api/v1/maintenances')).status, 401);
  });

  test('a portal holding the token secret mints tokens itself; without one the admin key never signs', async () => {
    const own = await mintEmbedToken({ secret: TOKEN_SECRET, tenant: 'globex', user: 'hank@globex.example', roles: ['customer'] });
    assert.equal((await host.request('GET', '/api/v1/maintenances', { token: own.token })).status, 200);
    const signedWithAdminKey = await mintEmbedToken({ secret: ADMIN_KEY, tenant: 'globex', user: 'x', roles: ['customer'] });
    assert.equal((await host.request('GET', '/api/v1/maintenances', { token: signedWithAdminKey.token })).status, 401);
    await assert.rejects(createHost({ adminKey: ADMIN_KEY, tokenSecret: 'short', database: ':memory:' }), /at least 16/);
  });

  test('a missing role is 403 and names the role', async () => {
    const app = new Hono<HostEnv>();
    app.use('*', async (c, next) => {
      c.set('services', host.services);
      await next();
    });
    app.onError((err: any, c) => c.json({ errors: err.errors }, err.status));
    app.get('/pay', requireToken({ adminKey: ADMIN_KEY, tokenSecret: TOKEN_SECRET }, { roles: ['billing'] }), (c) =>
      c.json({ ok: c.var.auth.user }),
    );
    const customer = await host.token('acme', ['customer']);
    const billing = await host.token('acme', ['billing']);
    const denied = await app.request('/pay', { headers: { authorization: `Bearer ${customer}` } });
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as any).errors[0].detail, /"billing" role/);
    assert.equal((await app.request('/pay', { headers: { authorization: `Bearer ${billing}` } })).status, 200);
  });

  test('CORS: data for registered and token origins only, never a wildcard; errors readable by any origin', async () => {
    const preflight = (origin: string) =>
      host.request('OPTIONS', '/api/v1/maintenances', {
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    let res = await preflight('https://portal.acme.example');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://portal.acme.example');
    // Any origin may ask, and may read an error, never data.
    res = await preflight('https://evil.example');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example');
    const stranger = await host.token('acme');
    res = await host.request('GET', '/api/v1/maintenances', { token: stranger, headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as any).errors[0].code, 'origin_not_allowed');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example', 'the element can read why');
    // …and the request id, which the page can read and show, and support finds in the log and the error.
    res = await host.request('GET', '/api/v1/maintenances', {
      token: stranger,
      headers: { origin: 'https://evil.example', 'x-request-id': 'ticket-7' },
    });
    assert.deepEqual(res.headers.get('access-control-expose-headers')?.split(','), [
      'Location',
      'Retry-After',
      'X-Request-Id',
      'Glasspane-Stream-Position',
    ]);
    assert.equal(res.headers.get('x-request-id'), 'ticket-7');
    assert.equal(((await res.json()) as any).errors[0].meta.requestId, 'ticket-7');
    res = await host.request('GET', '/api/v1/openapi.json', { headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null, 'data is never readable from an unregistered origin');

    await host.token('acme', ['customer'], { origins: ['https://partner.example'] });
    res = await preflight('https://partner.example');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://partner.example');

    // globex's token used from acme's portal: the origin is not globex's.
    const globex = await host.token('globex');
    res = await host.request('GET', '/api/v1/maintenances', { token: globex, headers: { origin: 'https://portal.acme.example' } });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as any).errors[0].code, 'origin_not_allowed');
    const acme = await host.token('acme');
    res = await host.request('GET', '/api/v1/maintenances', { token: acme, headers: { origin: 'https://portal.acme.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://portal.acme.example');
    assert.equal(res.headers.get('access-control-expose-headers'), 'Location,Retry-After,X-Request-Id,Glasspane-Stream-Position');
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'a readable id on data too');
    assert.match(res.headers.get('glasspane-stream-position') ?? '', /^[A-Za-z0-9_-]{22}$/, 'and where the read stood in the event stream');
    assert.match(res.headers.get('vary') ?? '', /Origin/);

    // Without Origin (same origin, or a server): no CORS headers, but caches still learn that they vary.
    res = await host.request('GET', '/api/v1/maintenances', { token: acme });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal(res.headers.get('access-control-expose-headers'), null);
    assert.match(res.headers.get('vary') ?? '', /Origin/);
  });
});

describe('admin key strength', () => {
  test('refuses a short, repetitive or the demo key outside the demo, and says how to make one', async () => {
    await assert.rejects(createHost({ adminKey: 'short-key-12345', database: ':memory:' }), /at least 20 characters.*openssl rand/);
    await assert.rejects(createHost({ adminKey: 'abababababababababababab', database: ':memory:' }), /random/);
    await assert.rejects(createHost({ adminKey: 'demo-admin-key', database: ':memory:' }), /demo admin key/);
    const demo = await createHost({ adminKey: 'demo-admin-key', demo: true, database: ':memory:', pollMs: 0, env: {} });
    await demo.close();
  });
});
