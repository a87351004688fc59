import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker, SessionPool, providerFetch } from '../provider-http.js';
import { ProviderError } from '../errors.js';
import { waitFor } from './helpers.js';

describe('circuit breaker in front of a provider', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  /** Requests to /hang the server has received (and will never answer). */
  let hung = 0;
  let status = 503;
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/hang') return void hung++; // answers never: the caller has to give up
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

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
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await providerFetch('x', 'X', refused, {}, { timeoutMs: 1000, breaker }).catch((e) => e)).errors[0].code,
        'provider_unreachable',
      );
    assert.equal(
      (await providerFetch('x', 'X', refused, {}, { timeoutMs: 1000, breaker }).catch((e) => e)).errors[0].code,
      'provider_unavailable',
    );
    const fine = new CircuitBreaker({ threshold: 2 });
    status = 404;
    for (let i = 0; i < 4; i++) assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: fine })).status, 404);
  });

  it('a trial call its caller aborts frees the trial slot: the next call is the trial', async () => {
    let t = 0;
    const breaker = new CircuitBreaker({ threshold: 1, cooldownMs: 10_000, now: () => t });
    status = 503;
    assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 2000, breaker })).status, 503);
    t += 10_000;
    const browser = new AbortController();
    const hungBefore = hung;
    const trial = providerFetch('x', 'X', `${url}hang`, {}, { timeoutMs: 30_000, signal: browser.signal, breaker });
    await waitFor('the trial to reach the provider', () => hung > hungBefore);
    browser.abort(); // the browser navigated away
    await assert.rejects(trial, (e: Error) => e.name === 'AbortError');
    const before = hits;
    status = 200;
    assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 2000, breaker })).status, 200, 'let through as the new trial');
    assert.equal(hits, before + 1, 'the provider was called again');
    assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 2000, breaker })).status, 200, 'and the circuit closed');
  });

  it("counts 401s: a provider that turns every credential away is paused; a 403 is one request's business", async () => {
    const breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 60_000 });
    status = 403;
    for (let i = 0; i < 5; i++)
      assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker })).status, 403, 'a quota 403 never pauses');
    status = 401;
    assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker })).status, 401);
    assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker })).status, 401);
    const before = hits;
    assert.equal(
      (await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker }).catch((e) => e)).errors[0].code,
      'provider_unavailable',
    );
    assert.equal(hits, before);
    // One expired session (401, then a new login and success) never adds up.
    const routine = new CircuitBreaker({ threshold: 2 });
    for (let i = 0; i < 3; i++) {
      status = 401;
      await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: routine });
      status = 200;
      assert.equal((await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: routine })).status, 200);
    }
  });

  it('a 429 from a provider that means back-pressure never pauses it; from any other it counts', async () => {
    status = 429;
    const backPressure = new CircuitBreaker({ threshold: 2, cooldownMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: backPressure, rateLimitIsBackPressure: true })).status,
        429,
      );
    }
    assert.equal(backPressure.blockedFor(), 0, 'five 429s of back-pressure leave the provider callable');
    const plain = new CircuitBreaker({ threshold: 2, cooldownMs: 60_000 });
    for (let i = 0; i < 2; i++) await providerFetch('x', 'X', url, {}, { timeoutMs: 1000, breaker: plain });
    assert.ok(plain.blockedFor() > 0, 'two ordinary 429s pause it');
  });
});

describe('login sessions', () => {
  const refused = () => new ProviderError('x', 'X refused the credentials.', { code: 'provider_auth_failed', upstreamStatus: 401 });

  it('a refused login is not repeated on every call: it backs off, doubling, capped, and recovers', async () => {
    let t = 0;
    let logins = 0;
    let accept = false;
    const pool = new SessionPool<{ id: number }>(
      async () => {
        logins++;
        if (!accept) throw refused();
        return { id: logins };
      },
      () => true,
      { backoffMs: 5_000, maxBackoffMs: 20_000, now: () => t },
    );
    const attempt = () =>
      pool.get('project').then(
        () => 'ok',
        (e: ProviderError) => e.errors[0]!.code,
      );
    assert.equal(await attempt(), 'provider_auth_failed');
    assert.equal(await attempt(), 'provider_auth_failed');
    assert.equal(logins, 1, 'the second call got the refusal without a login');
    t += 5_000;
    await attempt();
    assert.equal(logins, 2, 'one login after the pause');
    t += 5_000;
    await attempt();
    assert.equal(logins, 2, 'the next pause is twice as long');
    t += 5_000;
    await attempt();
    assert.equal(logins, 3);
    t += 20_000; // 20 s: the cap, not 40 s
    await attempt();
    assert.equal(logins, 4);
    t += 20_000;
    accept = true;
    assert.equal(await attempt(), 'ok');
    assert.equal(logins, 5);
    await attempt();
    assert.equal(logins, 5, 'the session is shared from then on');
  });

  it('an unreachable identity service is not a refusal: the next call tries again', async () => {
    let logins = 0;
    const pool = new SessionPool<string>(async () => {
      logins++;
      throw new ProviderError('x', 'X could not be reached.', { status: 503, code: 'provider_unreachable' });
    });
    await assert.rejects(pool.get('k'));
    await assert.rejects(pool.get('k'));
    assert.equal(logins, 2);
  });
});
