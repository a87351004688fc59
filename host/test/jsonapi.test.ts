import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, seedTwoTenants, ADMIN_KEY, type TestHost } from './helpers.js';
import { localDb } from '../../plugins/local/index.js';

/** Every failure answers a JSON:API error document and writes nothing. */
describe('JSON:API documents and hostile input', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost({ bodyLimitBytes: 4096 });
    await seedTwoTenants(host);
  });
  after(() => host.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    host.request('POST', '/api/v1/maintenances', { token: ADMIN_KEY, body, headers });
  const noticeCount = async () =>
    (
      await localDb(host.services.db)
        .selectFrom('local_notices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  async function expectError(res: Response, status: number, code: string) {
    assert.equal(res.status, status);
    assert.equal(res.headers.get('content-type'), 'application/vnd.api+json');
    const text = await res.text();
    assert.doesNotMatch(text, /\bat \S+ \(|node_modules|\.ts:\d+/, 'no stack trace in a response');
    const body = JSON.parse(text);
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0);
    assert.equal(body.errors[0].status, String(status));
    assert.equal(body.errors[0].code, code);
    assert.equal(typeof body.errors[0].title, 'string');
    return body.errors;
  }

  test('unknown route is 404 and a known path with the wrong method is 405 with Allow', async () => {
    await expectError(await host.request('GET', '/api/v1/nothing-here'), 404, 'not_found');
    const res = await host.request('DELETE', '/api/v1/openapi.json');
    await expectError(res, 405, 'method_not_allowed');
    assert.equal(res.headers.get('allow'), 'GET');
  });

  test('hostile bodies are 4xx errors and nothing is written', async () => {
    const before = await noticeCount();
    const valid = {
      data: { type: 'maintenances', attributes: { kind: 'incident', title: 'x', status: 'investigating', impact: 'minor' } },
    };
    await expectError(await post('{"data": {'), 400, 'malformed_json');
    await expectError(await post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400, 'invalid_encoding');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    await expectError(await post({ ...valid, deep }), 400, 'too_deep');
    await expectError(await post('{"data":{"type":"maintenances","attributes":{"__proto__":{"admin":true}}}}'), 400, 'forbidden_key');
    await expectError(await post({ ...valid, pad: 'x'.repeat(5000) }), 413, 'payload_too_large');
    await expectError(await post(JSON.stringify(valid), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectError(
      await post(JSON.stringify(valid), { 'content-type': 'application/vnd.api+json; foo=bar' }),
      415,
      'unsupported_media_type',
    );
    const errors = await expectError(
      await post({ data: { type: 'maintenances', attributes: { ...valid.data.attributes, impact: 'apocalyptic', title: 42 } } }),
      422,
      'invalid',
    );
    assert.deepEqual(errors.map((e: any) => e.source.pointer).sort(), ['/data/attributes/impact', '/data/attributes/title']);
    await expectError(await post({ data: { type: 'servers', attributes: valid.data.attributes } }), 422, 'invalid');
    await expectError(
      await post({
        data: {
          type: 'maintenances',
          attributes: { ...valid.data.attributes, scheduledFor: '2030-01-02T00:00:00Z', scheduledUntil: '2030-01-01T00:00:00Z' },
        },
      }),
      422,
      'invalid',
    );
    assert.equal(await noticeCount(), before);
    assert.equal((await post(valid)).status, 201);
    assert.equal(await noticeCount(), before + 1);
  });

  test('a NUL or other control character in any text, id, path or query is a 422 that names the field, and nothing is written', async () => {
    const token = await host.token('acme', ['customer', 'technical']);
    const tickets = async () =>
      Number(
        (
          await localDb(host.services.db)
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await tickets();
    const ticket = (attributes: Record<string, unknown>) =>
      host.request('POST', '/api/v1/tickets', {
        token,
        body: {
          data: { type: 'tickets', attributes: { subject: 'Disk full', description: 'db-01 is full', urgency: 'minor', ...attributes } },
        },
      });
    let errors = await expectError(await ticket({ subject: 'Disk\u0000 full' }), 422, 'control_characters');
    assert.equal(errors[0].source.pointer, '/data/attributes/subject');
    errors = await expectError(await ticket({ description: 'bell \u0007 here' }), 422, 'control_characters');
    assert.equal(errors[0].source.pointer, '/data/attributes/description');
    await expectError(await ticket({ serviceId: 'web\u001b[31m' }), 422, 'control_characters');
    await expectError(
      await host.request('POST', '/api/v1/servers/openstack:ab%00cd/actions', {
        token,
        body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
      }),
      422,
      'control_characters',
    );
    await expectError(await host.request('GET', '/api/v1/servers/openstack:ab%00cd', { token }), 422, 'control_characters');
    errors = await expectError(
      await host.request('GET', '/api/v1/tickets?filter%5Bstatus%5D=open%00', { token }),
      422,
      'control_characters',
    );
    assert.equal(errors[0].source.parameter, 'filter[status]');
    assert.equal(await tickets(), before, 'nothing was written');
    // Line breaks and tabs are text; the same control character in a note is refused.
    const escalations = async () =>
      Number(
        (
          await host.services.db
            .selectFrom('escalations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const escalate = (note: string) =>
      host.request('POST', '/api/v1/escalations', { token, body: { data: { type: 'escalations', attributes: { step: 'type', note } } } });
    const count = await escalations();
    await expectError(await escalate('call me\u0000'), 422, 'control_characters');
    assert.equal(await escalations(), count);
    assert.equal((await escalate('Steps:\n\t1. log in\r\n\t2. see the error')).status, 201);
    assert.equal(await escalations(), count + 1);
  });

  test('query parameters are validated with a parameter source', async () => {
    const token = await host.token('acme');
    const res = await host.request('GET', '/api/v1/maintenances?page[size]=1000', { token });
    const errors = await expectError(res, 400, 'invalid');
    assert.equal(errors[0].source.parameter, 'page[size]');
  });

  test('lists are paginated with links and meta', async () => {
    for (let i = 0; i < 3; i++) {
      await post({
        data: { type: 'maintenances', attributes: { kind: 'incident', title: `n${i}`, status: 'investigating', impact: 'minor' } },
      });
    }
    const token = await host.token('globex');
    const res = await host.request('GET', '/api/v1/maintenances?page[size]=2&page[number]=2', { token });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.data.length, 2);
    assert.ok(body.meta.total >= 4);
    assert.equal(body.meta.page.number, 2);
    assert.match(body.links.prev, /page%5Bnumber%5D=1/);
    assert.ok(body.links.first && body.links.last && body.links.self);
  });

  test('an unexpected failure is a 500 JSON:API error without internals', async () => {
    const original = host.services.maintenances.listForTenant;
    host.services.maintenances.listForTenant = async () => {
      throw new Error('SQLITE_CORRUPT at /secret/path/db.ts:12');
    };
    const errorLog = console.error;
    console.error = () => {};
    try {
      const token = await host.token('acme');
      const errors = await expectError(await host.request('GET', '/api/v1/maintenances', { token }), 500, 'internal_error');
      assert.doesNotMatch(JSON.stringify(errors), /SQLITE|secret/);
    } finally {
      host.services.maintenances.listForTenant = original;
      console.error = errorLog;
    }
  });

  test('the OpenAPI 3.1 document describes every route and the security schemes', async () => {
    const res = await host.request('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as any;
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/v1/embed-sessions',
      '/api/v1/maintenances',
      '/api/v1/maintenances/{id}',
      '/api/v1/stream',
      '/api/v1/tenants/{tenantId}',
      '/api/v1/services',
    ]) {
      assert.ok(doc.paths[path], `${path} documented`);
    }
    assert.ok(doc.paths['/api/v1/maintenances'].get.responses['200'].content['application/vnd.api+json']);
    assert.ok(doc.components.securitySchemes.embedToken);
    assert.ok(doc.components.securitySchemes.adminKey);
    // Every route the app serves is in the document (generated from the same definitions).
    const served = new Set(
      host.app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL').map((r) => r.path.replace(/:(\w+)/g, '{$1}')),
    );
    for (const path of served) if (path !== '/api/v1/openapi.json') assert.ok(doc.paths[path], `${path} served but not documented`);
  });

  test('secure headers are set', async () => {
    const res = await host.request('GET', '/api/v1/openapi.json');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('strict-transport-security'));
  });

  test("every route fits Hono's RegExpRouter (one that does not makes every request take the slower TrieRouter)", async () => {
    await host.request('GET', '/api/v1/openapi.json');
    assert.equal((host.app.router as unknown as { activeRouter: { name: string } }).activeRouter.name, 'RegExpRouter');
  });
});
