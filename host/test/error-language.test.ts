import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, seedTwoTenants, ADMIN_KEY, type TestHost } from './helpers.js';
import { ERROR_LANGUAGES, errorCatalogues, errorMessage, errorText, type ErrorMessageKey } from '../error-messages.js';
import { ProviderError, toApiError } from '../errors.js';
import { z } from 'zod';
import net from 'node:net';
import { CircuitBreaker, providerFetch } from '../provider-http.js';
import { FairLimit } from '../fair-limit.js';
import { MemoryCompute } from './fake-compute-provider.js';
import localPlugin from '../../plugins/local/index.js';

/** The host words its own errors in the reader's language; a provider's words stay as written. */
describe('error texts in the reader’s language', () => {
  let host: TestHost;
  let customer: string;
  before(async () => {
    host = await createTestHost();
    await seedTwoTenants(host);
    customer = await host.token('acme', ['customer']);
  });
  after(() => host.close());

  async function firstError(res: Response) {
    assert.equal(res.headers.get('content-type'), 'application/vnd.api+json');
    const body = (await res.json()) as { errors: { code: string; title: string; detail?: string }[] };
    return { ...body.errors[0]!, status: res.status, language: res.headers.get('content-language'), vary: res.headers.get('vary') };
  }
  const de = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' };

  test('every catalogue key has a German title and detail that render (a missing key is also a type error)', () => {
    // Any parameter reads as a sample value; `what` must be a thing notFound() knows.
    const samples: Record<string, string | number> = {
      what: 'server',
      kind: 'support',
      state: 'in_review',
      from: 'in_review',
      to: 'approved',
      currency: 'EUR',
      amount: 1250,
    };
    const params = new Proxy({}, { get: (_, key) => samples[key as string] ?? 'x1' });
    const keys = Object.keys(errorCatalogues.en) as ErrorMessageKey[];
    assert.ok(keys.length > 100, `the catalogue holds the host's errors (${keys.length})`);
    for (const language of ERROR_LANGUAGES) {
      assert.deepEqual(Object.keys(errorCatalogues[language]).sort(), [...keys].sort(), `${language} has every key`);
    }
    for (const key of keys) {
      const message = { key, params, code: key.split('.')[0]! } as never;
      const [en, german] = [errorText(message, 'en'), errorText(message, 'de')];
      const words = `${german.title} ${german.detail ?? ''}`;
      assert.ok(german.title && !/undefined|NaN/.test(words), `${key}: ${words}`);
      assert.notEqual(german.title, en.title, `${key} has a German title`);
      // Details that are only parameters (a provider's words, "field: problem", "words (method)") read the same in every language.
      const onlyParameters = en.detail === 'x1' || en.detail === 'x1: x1' || en.detail === 'x1 (x1)';
      if (en.detail && !onlyParameters) assert.notEqual(german.detail, en.detail, `${key} has a German detail`);
    }
    // @ts-expect-error: not_found names what was not found.
    errorMessage('not_found');
    // @ts-expect-error: no such key.
    errorMessage('no_such_error');
  });

  test('failing routes answer in German with Content-Language: de', async () => {
    const route = await firstError(await host.request('GET', '/api/v1/nothing-here', { headers: de }));
    assert.deepEqual([route.status, route.code, route.title], [404, 'not_found', 'Nicht gefunden']);
    assert.equal(route.detail, 'Die Route GET /api/v1/nothing-here gibt es nicht.');
    assert.equal(route.language, 'de');
    assert.match(route.vary ?? '', /Accept-Language/);

    const anonymous = await firstError(await host.request('GET', '/api/v1/orders', { headers: de }));
    assert.deepEqual([anonymous.status, anonymous.code, anonymous.title], [401, 'unauthorized', 'Nicht angemeldet']);
    assert.equal(anonymous.language, 'de');
    assert.match(anonymous.detail!, /Einbettungstoken ist nötig/);

    const order = await firstError(await host.request('GET', '/api/v1/orders/ord-nope', { token: customer, headers: de }));
    assert.deepEqual([order.status, order.code, order.language], [404, 'not_found', 'de']);
    assert.equal(order.detail, 'Bestellung „ord-nope“ gibt es für diesen Kunden nicht.');

    const forbidden = await firstError(await host.request('POST', '/api/v1/orders/ord-nope/cancel', { token: customer, headers: de }));
    assert.deepEqual([forbidden.status, forbidden.code, forbidden.title, forbidden.language], [403, 'forbidden', 'Nicht erlaubt', 'de']);
    assert.equal(forbidden.detail, 'Dafür ist die Rolle „billing“ nötig, die das Einbettungstoken nicht gewährt.');

    const broken = { token: ADMIN_KEY, body: '{"data": {', headers: de };
    const malformed = await firstError(await host.request('POST', '/api/v1/maintenances', broken));
    assert.deepEqual([malformed.status, malformed.code, malformed.title], [400, 'malformed_json', 'Fehlerhaftes JSON']);
    assert.match(malformed.detail!, /^Der Anfragetext ist kein gültiges JSON: /, 'our sentence around the parser’s own words');
  });

  test('schema validation: our title and zod’s own message in German', async () => {
    const body = { data: { type: 'maintenances', attributes: { kind: 'incident', title: 42, status: 'investigating', impact: 'minor' } } };
    const res = await host.request('POST', '/api/v1/maintenances', { token: ADMIN_KEY, body, headers: de });
    const error = await firstError(res);
    assert.deepEqual([error.status, error.code, error.title, error.language], [422, 'invalid', 'Ungültiges Attribut', 'de']);
    assert.match(error.detail!, /^data\.attributes\.title: Ungültige Eingabe/);
    // The same request in English says what it said before.
    const english = await firstError(await host.request('POST', '/api/v1/maintenances', { token: ADMIN_KEY, body }));
    assert.deepEqual([english.title, english.language], ['Invalid attribute', 'en']);
    assert.match(english.detail!, /^data\.attributes\.title: Invalid input/);
  });

  test('validation per request: German and English requests at once each get their own language', async () => {
    const body = { data: { type: 'maintenances', attributes: { kind: 'incident', title: 42, status: 'investigating', impact: 'minor' } } };
    const languages = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'de' : 'en'));
    const answers = await Promise.all(
      languages.map(async (language) =>
        firstError(
          await host.request('POST', '/api/v1/maintenances', { token: ADMIN_KEY, body, headers: { 'accept-language': language } }),
        ),
      ),
    );
    answers.forEach((error, i) => {
      assert.equal(error.language, languages[i]);
      if (languages[i] === 'de') assert.match(error.detail!, /^data\.attributes\.title: Ungültige Eingabe: erwartet string, erhalten Zahl/);
      else assert.match(error.detail!, /^data\.attributes\.title: Invalid input: expected string, received number/);
    });
    // A query parameter too: zod's words in German, our title around them.
    const page = await firstError(await host.request('GET', '/api/v1/maintenances?page[size]=0&lang=de', { token: customer }));
    assert.deepEqual([page.status, page.title, page.language], [400, 'Ungültiger Parameter', 'de']);
    assert.match(page.detail!, /^page\[size\]: Zu klein/);
  });

  test("the host leaves zod's configuration alone: an app's own schemas keep zod's English, even inside a German request", async () => {
    const userSchema = z.object({ name: z.string() });
    const words = () => userSchema.safeParse({ name: 42 }).error!.issues[0]!.message;
    assert.equal(words(), 'Invalid input: expected string, received number');
    // A route of the embedding app's own, answering a German reader: its zod schema is not the host's to word.
    const own = await createTestHost();
    try {
      own.app.get('/api/v1/own-zod-words', (c) => c.json({ message: words() }));
      const res = await own.request('GET', '/api/v1/own-zod-words', { headers: de });
      assert.equal(res.headers.get('content-language'), 'de', 'the request is a German one');
      assert.deepEqual(await res.json(), { message: 'Invalid input: expected string, received number' });
    } finally {
      await own.close();
    }
    assert.equal(words(), 'Invalid input: expected string, received number');
  });

  test('the language is picked by q-value and ?lang=, and falls back to English', async () => {
    const ask = async (headers: Record<string, string>, query = '') =>
      firstError(await host.request('GET', `/api/v1/nothing-here${query}`, { headers }));
    assert.equal((await ask({ 'accept-language': 'fr-CH, fr;q=0.9, de;q=0.8, en;q=0.5' })).language, 'de', 'the first one the host has');
    assert.equal((await ask({ 'accept-language': 'de;q=0.1, en;q=0.9' })).language, 'en', 'by q-value, not by order');
    const french = await ask({ 'accept-language': 'fr' });
    assert.deepEqual([french.language, french.detail], ['en', 'There is no route GET /api/v1/nothing-here.']);
    assert.equal((await ask({ 'accept-language': 'en' }, '?lang=de')).language, 'de', '?lang= wins');
  });

  test('a tenant whose provider has no plugin on this host: the setup error in the reader’s language', async () => {
    // The accounts name sources no registered plugin answers for (a plugin taken out of the host's configuration).
    await host.services.support.setAccount('acme', { source: 'zendesk', account: 'acme-1' });
    await host.services.compute.setAccounts('acme', [{ source: 'vcloud', scope: 'acme' }]);
    // Staff read what is wrong with the setup; a customer that the service is unavailable.
    const staff = await host.token('acme', ['staff']);
    const tickets = await firstError(await host.request('GET', '/api/v1/tickets', { token: staff, headers: de }));
    assert.deepEqual([tickets.status, tickets.code, tickets.language], [503, 'provider_missing', 'de']);
    assert.equal(tickets.title, 'Der Supportanbieter zendesk ist nicht eingerichtet');
    assert.equal(tickets.detail, 'Auf diesem Host ist kein Supportanbieter „zendesk“ registriert.');
    const english = await firstError(await host.request('GET', '/api/v1/tickets', { token: staff }));
    assert.deepEqual([english.status, english.code, english.language], [503, 'provider_missing', 'en']);
    assert.equal(english.detail, 'No support provider "zendesk" is registered on this host.');
    const theirs = await firstError(await host.request('GET', '/api/v1/tickets', { token: customer, headers: de }));
    assert.deepEqual([theirs.status, theirs.code, theirs.language], [503, 'provider_missing', 'de']);
    assert.deepEqual(
      [theirs.title, theirs.detail],
      ['Vorübergehend nicht verfügbar', 'Das Supportsystem ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten erneut.'],
    );

    const servers = await firstError(await host.request('GET', '/api/v1/servers?lang=de', { token: staff }));
    assert.deepEqual([servers.status, servers.code, servers.language], [503, 'provider_missing', 'de']);
    assert.equal(servers.detail, 'Auf diesem Host ist kein Serveranbieter „vcloud“ registriert.');
    await host.services.support.setAccount('acme', null);
    await host.services.compute.setAccounts('acme', []);

    // With another account that answers, the list is served and says in meta.unavailable why one source is missing.
    const cloud = new MemoryCompute();
    const own = await createTestHost({ plugins: [localPlugin, cloud.plugin()] });
    try {
      await seedTwoTenants(own);
      await own.services.compute.setAccounts('acme', [
        { source: 'memcloud', scope: 'a1' },
        { source: 'vcloud', scope: 'acme' },
      ]);
      const token = await own.token('acme', ['staff']);
      const res = await own.request('GET', '/api/v1/servers', { token, headers: de });
      assert.equal(res.status, 200);
      const unavailable = ((await res.json()) as { meta: { unavailable: { source: string; code: string; detail: string }[] } }).meta
        .unavailable;
      assert.deepEqual(unavailable, [
        { source: 'vcloud', code: 'provider_missing', detail: 'Auf diesem Host ist kein Serveranbieter „vcloud“ registriert.' },
      ]);
    } finally {
      await own.close();
    }
  });

  test('what the host says about a provider (unreachable, paused, busy) is worded in the reader’s language', async () => {
    // A port nothing listens on.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const words = async (call: Promise<unknown>) => {
      const err = await call.then(
        () => assert.fail('the call should fail'),
        (e: unknown) => e,
      );
      const message = toApiError(err)!.messages[0]!;
      return { en: errorText(message, 'en'), de: errorText(message, 'de'), code: toApiError(err)!.errors[0]!.code };
    };
    const unreachable = await words(providerFetch('openstack', 'OpenStack', `http://127.0.0.1:${port}/`, {}, { timeoutMs: 2000 }));
    assert.equal(unreachable.code, 'provider_unreachable');
    assert.deepEqual(unreachable.en, { title: 'The openstack provider could not answer', detail: 'OpenStack could not be reached.' });
    assert.deepEqual(unreachable.de, { title: 'Der Anbieter openstack konnte nicht antworten', detail: 'OpenStack ist nicht erreichbar.' });

    const breaker = new CircuitBreaker({ threshold: 1, cooldownMs: 10_000 });
    breaker.failure();
    const paused = await words(providerFetch('statuspage', 'Statuspage', `http://127.0.0.1:${port}/`, {}, { timeoutMs: 2000, breaker }));
    assert.equal(paused.code, 'provider_unavailable');
    assert.match(paused.de.detail!, /^Statuspage ist wiederholt ausgefallen, .* in 10 s erneut\.$/);

    const limit = new FairLimit({ max: 1, maxQueuedPerKey: 0, pluginId: 'tintri', providerName: 'Tintri VMstore' });
    let release!: () => void;
    const first = limit.run('acme', () => new Promise<void>((r) => (release = r)));
    const busy = await words(limit.run('acme', async () => undefined));
    release();
    await first;
    assert.equal(busy.code, 'provider_busy');
    assert.equal(busy.de.detail, 'Tintri VMstore ist mit anderen Anfragen beschäftigt; versuchen Sie es in ein paar Sekunden erneut.');
  });

  test("a provider's failure: our title in German, the provider's own words as it wrote them", () => {
    const failure = new ProviderError('tintri', 'VM web-01 is locked by another task.', { failure: 'unavailable', code: 'vm_locked' });
    const answer = toApiError(failure)!;
    assert.equal(answer.errors[0]!.code, 'vm_locked');
    assert.deepEqual(errorText(answer.messages[0]!, 'de'), {
      title: 'Der Anbieter tintri konnte nicht antworten',
      detail: 'VM web-01 is locked by another task.',
    });
    assert.equal(answer.errors[0]!.title, 'The tintri provider could not answer');
  });
});
