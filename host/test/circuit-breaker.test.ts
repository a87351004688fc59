import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker, providerFetch } from '../provider-http.js';
import { ProviderError } from '../errors.js';

describe('circuit breaker in front of a provider', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  let status = 503;
  before(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('stops calling a failing provider, says when it tries again, and recovers by itself', async () => {
    let t = 0;
    const breaker = new CircuitBreaker({ threshold: 3, cooldownMs: 10_000, now: () => t });
    const call = () => providerFetch('statuspage', 'Statuspage', url, {}, { timeoutMs: 2000, breaker });
    hits = 0;
    status = 503;
    for (let i = 0; i < 3; i++) assert.equal((await call()).status, 503);
    assert.equal(hits, 3);
    const err = await call().catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.errors[0]!.code, 'provider_unavailable');
    assert.match(err.errors[0]!.detail!, /Statuspage kept failing.*tries again in 10 s/);
    assert.equal(err.headers['Retry-After'], '10');
    assert.equal(hits, 3, 'the provider was not called while the circuit is open');

    t += 10_000;
    assert.equal((await call()).status, 503, 'one trial after the pause');
    assert.equal(hits, 4);
    assert.equal((await call().catch((e) => e)).errors[0].code, 'provider_unavailable', 'a failed trial opens it again');
    t += 10_000;
    assert.equal((await call().catch((e) => e)).errors[0].code, 'provider_unavailable', 'and the next pause is longer');
    t += 10_000;
    status = 200;
    assert.equal((await call()).status, 200, 'the provider is back');
    assert.equal((await call()).status, 200, 'closed again');
    assert.equal(hits, 6);
  });

  it('counts timeouts and refusals too, but not a client error', async () => {
    const breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 60_000 });
    const refused = 'http://127.0.0.1:1/';
    for (let i = 0; i < 2; i++) assert.equal((await providerFetch('x', 'X', refused, {}, { timeoutMs: 1000, breaker }).catch((e) => e)).errors[0].code, 'provider_unreachable');
    assert.equal((await providerFetch('x', 'X', refused, {}, { timeoutMs: 1000, breaker }).catch((e) => e)).errors[0].code, 'provider_unavailable');
    const fine = new CircuitBreaker({ threshold: 2 });
    status = 404;
    for (let i = 0; i < 4; i++) assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: fine })).status, 404);
  });
});
