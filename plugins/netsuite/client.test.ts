import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ProviderError } from '@glasspane/host';
import {
  NetSuiteClient,
  NetSuiteError,
  accountSlug,
  errorFromResponse,
  idFromLocation,
  restBaseUrl,
  retryAfterMs,
  type NetSuiteClientOptions,
} from './client.js';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';
import { waitFor } from '../../host/test/helpers.js';
import { authorizationHeader } from './oauth.js';

const CURRENCY_Q = "SELECT c.id FROM currency c WHERE c.symbol = 'EUR'";

/** Rejects with the error a promise fails with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<NetSuiteError> {
  try {
    await promise;
  } catch (err) {
    return err as NetSuiteError;
  }
  assert.fail('expected the call to fail');
}
const code = (err: ProviderError) => err.errors[0]!.code;

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('NetSuite host names', () => {
  test('the account id becomes the host slug: lower case, "_" to "-"', () => {
    assert.equal(accountSlug('1234567_SB1'), '1234567-sb1');
    assert.equal(accountSlug('TSTDRV1234567'), 'tstdrv1234567');
    assert.equal(restBaseUrl('1234567_SB1'), 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest');
    const client = new NetSuiteClient({ accountId: '1234567_SB1', consumerKey: 'a', consumerSecret: 'b', tokenId: 'c', tokenSecret: 'd' });
    assert.equal(client.baseUrl, 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest');
  });

  test('NETSUITE_BASE_URL overrides the host, without a trailing slash', () => {
    const client = new NetSuiteClient({
      accountId: '1234567_SB1',
      baseUrl: 'http://127.0.0.1:9999/services/rest/',
      consumerKey: 'a',
      consumerSecret: 'b',
      tokenId: 'c',
      tokenSecret: 'd',
    });
    assert.equal(client.baseUrl, 'http://127.0.0.1:9999/services/rest');
  });
});

describe('NetSuite client against the fake', () => {
  let fake: NetSuiteFake;
  const client = (extra: Partial<NetSuiteClientOptions> = {}) => new NetSuiteClient({ ...fake.config, retryBaseMs: 5, ...extra });

  before(async () => {
    fake = await startNetSuiteFake();
    fake.addCustomer({ id: '108', name: 'Globex' });
    fake.addInvoice('108', { id: '700', total: 1000 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('a signed request passes the fake: SuiteQL with Prefer: transient, paged parameters signed', async () => {
    assert.deepEqual(await client().suiteql(CURRENCY_Q), [{ id: '2' }]);
    assert.deepEqual(fake.authFailures, []);
    assert.deepEqual(fake.requests[0]!.query, { limit: '1000', offset: '0' });
  });

  test('a wrong token secret is INVALID_LOGIN, reported as provider_auth_failed naming keys and clock', async () => {
    const err = await failure(client({ tokenSecret: 'wrong' }).suiteql(CURRENCY_Q));
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'provider_auth_failed');
    assert.equal(err.upstreamStatus, 401);
    assert.equal(err.netsuiteCode, 'INVALID_LOGIN');
    assert.match(err.message, /NETSUITE_TOKEN_SECRET/);
    assert.match(err.message, /clock/);
    assert.deepEqual(
      fake.authFailures.map((f) => f.reason),
      ['signature'],
    );
  });

  test('a wrong consumer secret and a wrong realm are refused too', async () => {
    await failure(client({ consumerSecret: 'wrong' }).suiteql(CURRENCY_Q));
    await failure(client({ accountId: '1234567' }).suiteql(CURRENCY_Q));
    assert.deepEqual(
      fake.authFailures.map((f) => f.reason),
      ['signature', 'realm'],
    );
  });

  test('a stale timestamp is refused, a fresh one with the same credentials is not', async () => {
    const url = `${fake.baseUrl}/record/v1/invoice/700`;
    const creds = {
      realm: fake.accountId,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      token: fake.tokenId,
      tokenSecret: fake.tokenSecret,
    };
    const stale = await fetch(url, { headers: { authorization: authorizationHeader('GET', url, creds, { now: Date.now() - 3_600_000 }) } });
    assert.equal(stale.status, 401);
    const body = (await stale.json()) as { 'o:errorDetails': { 'o:errorCode': string }[] };
    assert.equal(body['o:errorDetails'][0]!['o:errorCode'], 'INVALID_LOGIN');
    const fresh = await fetch(url, { headers: { authorization: authorizationHeader('GET', url, creds) } });
    assert.equal(fresh.status, 200);
    assert.deepEqual(
      fake.authFailures.map((f) => f.reason),
      ['timestamp'],
    );
  });

  test('a nonce is good once: the same signed header replayed is refused', async () => {
    const url = `${fake.baseUrl}/record/v1/invoice/700`;
    const creds = {
      realm: fake.accountId,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      token: fake.tokenId,
      tokenSecret: fake.tokenSecret,
    };
    const header = authorizationHeader('GET', url, creds);
    assert.equal((await fetch(url, { headers: { authorization: header } })).status, 200);
    assert.equal((await fetch(url, { headers: { authorization: header } })).status, 401);
    assert.deepEqual(
      fake.authFailures.map((f) => f.reason),
      ['nonce'],
    );
  });

  test('query parameters are signed: changing one after signing breaks the signature', async () => {
    const signed = `${fake.baseUrl}/record/v1/invoice/700?expandSubResources=true`;
    const creds = {
      realm: fake.accountId,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      token: fake.tokenId,
      tokenSecret: fake.tokenSecret,
    };
    const res = await fetch(`${fake.baseUrl}/record/v1/invoice/700?expandSubResources=false`, {
      headers: { authorization: authorizationHeader('GET', signed, creds) },
    });
    assert.equal(res.status, 401);
    assert.deepEqual(
      fake.authFailures.map((f) => f.reason),
      ['signature'],
    );
  });

  test('429 then success: retried, each attempt signed afresh', async () => {
    fake.failNext(2, { status: 429 });
    assert.deepEqual(await client().suiteql(CURRENCY_Q), [{ id: '2' }]);
    assert.deepEqual(
      fake.requests.map((r) => r.status),
      [429, 429, 200],
    );
    // A replayed nonce would have been refused as INVALID_LOGIN.
    assert.deepEqual(fake.authFailures, []);
  });

  test('Retry-After is honoured before the retry', async () => {
    fake.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    await client().suiteql(CURRENCY_Q);
    assert.ok(Date.now() - started >= 900, `waited only ${Date.now() - started} ms`);
  });

  test('429 that persists: bounded retries, then 503 provider_rate_limited with a Retry-After', async () => {
    fake.failNext(10, { status: 429 });
    const err = await failure(client({ maxRetries: 2 }).suiteql(CURRENCY_Q));
    assert.equal(err.status, 503);
    assert.equal(code(err), 'provider_rate_limited');
    assert.ok(Number(err.headers['Retry-After']) >= 1);
    assert.equal(fake.requests.length, 3);
  });

  test('a 5xx is provider_error and is not retried (writes are not idempotent)', async () => {
    fake.failNext(1, { status: 500 });
    const err = await failure(client().createRecord('supportCase', { title: 'x', company: { id: '108' } }));
    assert.equal(code(err), 'provider_error');
    assert.equal(err.status, 502);
    assert.equal(err.upstreamStatus, 500);
    assert.match(err.message, /unexpected error/i);
    assert.equal(fake.requests.length, 1);
  });

  test('garbage instead of JSON is provider_bad_response', async () => {
    fake.garbageNext(1);
    const err = await failure(client().suiteql(CURRENCY_Q));
    assert.equal(code(err), 'provider_bad_response');
  });

  test('nobody listening is provider_unreachable', async () => {
    const port = await closedPort();
    const err = await failure(
      new NetSuiteClient({ ...fake.config, baseUrl: `http://127.0.0.1:${port}/services/rest` }).suiteql(CURRENCY_Q),
    );
    assert.equal(code(err), 'provider_unreachable');
    assert.equal(err.status, 503);
  });

  test('a slow NetSuite times out as provider_unreachable', async () => {
    fake.setLatency(400);
    const err = await failure(client({ timeoutMs: 100 }).suiteql(CURRENCY_Q));
    assert.equal(code(err), 'provider_unreachable');
    assert.match(err.message, /did not answer within/);
  });

  test("the caller's abort ends the request as an abort, not a provider failure", async () => {
    fake.setLatency(300);
    const controller = new AbortController();
    const pending = client().suiteql(CURRENCY_Q, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failure(pending);
    assert.ok(!(err instanceof ProviderError), `got ${String(err)}`);
    assert.equal((err as Error).name, 'AbortError');
  });

  test('a request its client gave up on takes no fault queued while the fake still held it', async () => {
    // Long enough that the abort below lands while NetSuite works, however busy the machine.
    fake.setLatency(1_000);
    const controller = new AbortController();
    const abandoned = client().suiteql(CURRENCY_Q, { signal: controller.signal });
    await waitFor('the request at the fake', () => fake.requests.length > 0);
    controller.abort();
    await failure(abandoned);
    fake.failNext(1, { status: 500 });
    fake.garbageNext(1);
    await waitFor('the fake done with the abandoned request', () => fake.requests.every((r) => r.status !== 0));
    fake.setLatency(0);
    // The two faults are still there, for the next two requests someone reads.
    assert.equal(await failure(client({ maxRetries: 0 }).suiteql(CURRENCY_Q)).then(code), 'provider_error');
    assert.equal(await failure(client({ maxRetries: 0 }).suiteql(CURRENCY_Q)).then(code), 'provider_bad_response');
  });

  test('at most maxConcurrency requests in flight, so the account never sees a 429', async () => {
    fake.setConcurrency(3);
    fake.setLatency(30);
    const limited = client({ maxConcurrency: 3, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => limited.suiteql(CURRENCY_Q)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 12);
    assert.ok(fake.maxInFlight <= 3, `saw ${fake.maxInFlight} in flight`);
    assert.ok(!fake.requests.some((r) => r.status === 429));

    // Without the limit the same burst trips NetSuite's governance.
    fake.reset();
    fake.setConcurrency(3);
    fake.setLatency(30);
    const unlimited = client({ maxConcurrency: 12, maxRetries: 0 });
    const burst = await Promise.allSettled(Array.from({ length: 12 }, () => unlimited.suiteql(CURRENCY_Q)));
    assert.ok(burst.some((r) => r.status === 'rejected' && code(r.reason as ProviderError) === 'provider_rate_limited'));
    fake.setConcurrency(5);
  });

  test('a query the fake does not know is NetSuite\'s 400 "Invalid search query", answered as 422 invalid', async () => {
    const err = await failure(client().suiteql('SELECT * FROM employee'));
    assert.equal(err.status, 422);
    assert.equal(code(err), 'invalid');
    assert.match(err.message, /Invalid search query/);
  });

  test('a missing record is undefined from getRecord, and not_found from a write', async () => {
    assert.equal(await client().getRecord('invoice', '999999'), undefined);
    const err = await failure(client().updateRecord('supportCase', '999999', { title: 'x' }));
    assert.equal(err.status, 404);
    assert.equal(code(err), 'not_found');
  });

  test('a create without a Location header is provider_bad_response', async () => {
    fake.failNext(1, { status: 204, body: '' });
    const err = await failure(client().createRecord('supportCase', { title: 'x', company: { id: '108' } }));
    assert.equal(code(err), 'provider_bad_response');
  });

  test('an invalid body is INVALID_CONTENT/USER_ERROR from NetSuite, 422 invalid with its detail here', async () => {
    const err = await failure(client().createRecord('supportCase', { company: { id: '108' } }));
    assert.equal(err.status, 422);
    assert.equal(code(err), 'invalid');
    assert.match(err.message, /Subject/);
  });
});

describe('NetSuite error documents', () => {
  const doc = (status: number, errorCode: string, detail: string) =>
    JSON.stringify({ type: 'x', title: 'T', status, 'o:errorDetails': [{ detail, 'o:errorCode': errorCode }] });

  test('each status maps to the code the host answers with', () => {
    const cases: [number, string, number, string][] = [
      [401, 'INVALID_LOGIN', 502, 'provider_auth_failed'],
      [403, 'INSUFFICIENT_PERMISSION', 502, 'provider_forbidden'],
      [404, 'NONEXISTENT_ID', 404, 'not_found'],
      [400, 'INVALID_CONTENT', 422, 'invalid'],
      [429, 'CONCURRENCY_LIMIT_EXCEEDED', 503, 'provider_rate_limited'],
      [500, 'UNEXPECTED_ERROR', 502, 'provider_error'],
      [503, 'SERVICE_UNAVAILABLE', 502, 'provider_error'],
    ];
    for (const [status, nsCode, httpStatus, glasspaneCode] of cases) {
      const err = errorFromResponse(status, doc(status, nsCode, 'Details here.'));
      assert.equal(err.status, httpStatus, `${status}`);
      assert.equal(code(err), glasspaneCode, `${status}`);
      assert.equal(err.netsuiteCode, nsCode);
    }
    assert.match(
      errorFromResponse(400, doc(400, 'INVALID_CONTENT', 'Invalid field value: payment.')).message,
      /Invalid field value: payment\./,
    );
  });

  test('a body that is not NetSuite JSON still maps by status', () => {
    assert.equal(code(errorFromResponse(502, '<html>Bad gateway</html>')), 'provider_error');
    assert.equal(code(errorFromResponse(401, '')), 'provider_auth_failed');
  });

  test('Retry-After in seconds or as a date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(null), undefined);
  });

  test('the new record id is read from the Location header', () => {
    assert.equal(
      idFromLocation('https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customerPayment/2301', 'customerPayment'),
      '2301',
    );
    assert.equal(idFromLocation('/services/rest/record/v1/supportCase/77', 'supportCase'), '77');
    assert.equal(idFromLocation('https://x/services/rest/record/v1/invoice/5', 'customerPayment'), undefined);
    assert.equal(idFromLocation(null, 'customerPayment'), undefined);
  });
});
