import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, createTestHost, type TestHost } from '../../test/helpers.js';

describe('per-tenant branding', () => {
  let host: TestHost;
  const put = (id: string, branding: unknown) =>
    host.request('PUT', `/api/v1/tenants/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: id, branding } } },
    });
  before(async () => {
    host = await createTestHost();
  });
  after(() => host.close());

  it('serves each tenant its own partner brand, and nothing but colours reaches a style', async () => {
    const brand = {
      displayName: 'Globex Cloud',
      logoUrl: 'https://cdn.globex.example/logo.svg',
      colors: { primary: '#15803d', onPrimary: '#fff' },
      supportName: 'Globex Care',
      supportEmail: 'care@globex.example',
      supportPhone: '+1 555 0100',
    };
    assert.equal((await put('globex', brand)).status, 201);
    assert.equal((await put('acme', {})).status, 201);
    const globex = (await (await host.request('GET', '/api/v1/branding', { token: await host.token('globex') })).json()) as any;
    assert.deepEqual(globex.data.attributes, brand);
    const acme = (await (await host.request('GET', '/api/v1/branding', { token: await host.token('acme') })).json()) as any;
    assert.deepEqual(acme.data.attributes, { colors: {} }, "acme has none, and never sees globex's");
    for (const [bad, pointer] of [
      [{ colors: { primary: 'red;background:url(https://evil.example)' } }, '/data/attributes/branding/colors/primary'],
      [{ logoUrl: 'javascript:alert(1)' }, '/data/attributes/branding/logoUrl'],
      [{ logoUrl: '//evil.example/x.svg' }, '/data/attributes/branding/logoUrl'],
      [{ supportEmail: 'not an email' }, '/data/attributes/branding/supportEmail'],
    ] as const) {
      const res = await put('globex', bad);
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(((await res.json()) as any).errors[0].source.pointer, pointer);
    }
    const still = (await (await host.request('GET', '/api/v1/branding', { token: await host.token('globex') })).json()) as any;
    assert.equal(still.data.attributes.colors.primary, '#15803d', 'a refused update changed nothing');
  });
});
