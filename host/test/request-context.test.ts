import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { requestContext, type HostEnv } from '../context.js';
import { readerLanguages, readerLanguagesMiddleware } from '../language.js';
import { auditRequestContext } from '../features/audit/audit-service.js';
import { providerWordsMiddleware, sourceName } from '../provider-words.js';

/**
 * The three middlewares that keep a request's facts for code without a `c` (the audit address,
 * the reader's languages, the provider names) share one request scope, Hono's context storage.
 */
function app() {
  const app = new Hono<HostEnv>();
  app.use(
    '*',
    auditRequestContext((c) => c.req.header('x-client') ?? 'none'),
  );
  app.use('*', readerLanguagesMiddleware());
  app.use('*', providerWordsMiddleware({ memcloud: 'Nimbus Cloud' }));
  app.get('/facts', async (c) => {
    // After awaits and a timer, as services read them deep in a request.
    await sleep(Number(c.req.query('wait') ?? 0));
    const ctx = requestContext();
    return c.json({
      same: ctx === c,
      address: ctx?.get('auditAddress'),
      languages: readerLanguages(),
      names: ctx?.get('providerNames'),
    });
  });
  return app;
}

test('a request reads its address, languages and provider names after awaits, from one context', async () => {
  const res = await app().request('/facts?wait=5', { headers: { 'x-client': '192.0.2.7', 'accept-language': 'de-CH, de;q=0.9' } });
  assert.equal(res.headers.get('content-language'), 'de');
  assert.deepEqual(await res.json(), {
    same: true,
    address: '192.0.2.7',
    languages: ['de', 'en'],
    names: { memcloud: 'Nimbus Cloud' },
  });
});

test('fifty requests at once each read their own facts', async () => {
  const a = app();
  const langs = ['en', 'de', 'fr', 'nl', 'es'];
  type Facts = { address: string; languages: string[] };
  const answers = await Promise.all(
    Array.from({ length: 50 }, async (_, i): Promise<Facts> => {
      const headers = { 'x-client': `198.51.100.${i}`, 'accept-language': langs[i % langs.length]! };
      return (await a.request(`/facts?wait=${(i * 7) % 11}`, { headers })).json() as Promise<Facts>;
    }),
  );
  answers.forEach((answer, i) => {
    assert.equal(answer.address, `198.51.100.${i}`);
    assert.equal(answer.languages[0], langs[i % langs.length]);
  });
});

test('one middleware mounted alone still gives the helpers its request', async () => {
  const a = new Hono<HostEnv>();
  a.use('*', readerLanguagesMiddleware());
  a.get('/', (c) => c.json({ languages: readerLanguages(), same: requestContext() === c }));
  const body = (await (await a.request('/', { headers: { 'accept-language': 'de' } })).json()) as { languages: string[]; same: boolean };
  assert.equal(body.same, true);
  assert.equal(body.languages[0], 'de');
});

test('outside a request: no context, the default language, staff words for a source', () => {
  assert.equal(requestContext(), undefined);
  assert.deepEqual(readerLanguages(), ['en']);
  assert.equal(sourceName('memcloud', 'compute'), 'memcloud');
});
