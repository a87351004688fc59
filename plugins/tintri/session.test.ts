// The Tintri plugin against its fake: sessions, outages, errors and configuration.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TintriFake } from './fake.js';
import plugin from './index.js';
import { mapError } from './client.js';
import { ProviderError, PluginConfigError, loadPlugin, resolvePluginConfig, ProtectionProviderToken } from '@glasspane/host';
import { useTintriFake, ref, code, status } from './tintri-fixture.js';

describe('Tintri: sessions, outages, errors and configuration', () => {
  let fake: TintriFake;
  const { make } = useTintriFake((f) => (fake = f));

  test('checks /api/info, logs in once with RestApiCredentials and sends the JSESSIONID cookie', async () => {
    const { client, provider } = make();
    const snaps = await provider.listSnapshots('acme', ref('web-02'));
    assert.ok(snaps.length > 0);
    await provider.listSnapshots('acme', ref('web-01'));
    assert.equal(fake.requests[0]!.path, '/api/info', 'the version is checked first, without a session');
    assert.equal(fake.requests[0]!.session, null);
    const login = fake.requests.find((r) => r.path === '/api/v310/session/login')!;
    assert.deepEqual(login.body, {
      username: fake.username,
      password: fake.password,
      typeId: 'com.tintri.api.rest.vcommon.dto.rbac.RestApiCredentials',
    });
    assert.equal(login.status, 200);
    const calls = fake.requests.filter((r) => r.path.startsWith('/api/v310/') && r.path !== '/api/v310/session/login');
    assert.ok(calls.length >= 3);
    const cookie = calls[0]!.session;
    assert.ok(cookie && fake.state.sessions.has(cookie), 'calls carry the session the login set');
    assert.ok(calls.every((r) => r.session === cookie && r.status === 200));
    assert.equal(client.loginCount, 1);
    assert.equal(fake.requests.filter((r) => r.path === '/api/info').length, 1, 'the version answer is remembered');
  });

  test('dispose logs out the sessions of registered providers', async () => {
    const child = await loadPlugin(plugin, { ...fake.config, timeoutMs: 2_000, pageSize: 100, vmMap: {} });
    const provider = child.resolve(ProtectionProviderToken);
    assert.equal(provider.source, 'tintri');
    await provider.listSnapshots('acme', ref('web-02'));
    const cookie = fake.requests.find((r) => r.path === '/api/v310/snapshot')!.session!;
    assert.ok(fake.state.sessions.has(cookie));
    const before = fake.logouts;
    await plugin.dispose!();
    assert.equal(fake.logouts - before, 1);
    const logout = fake.requests.find((r) => r.path === '/api/v310/session/logout')!;
    assert.deepEqual([logout.method, logout.session, logout.status], ['GET', cookie, 204]);
    assert.equal(fake.state.sessions.has(cookie), false, 'the VMstore forgot the session');
    await plugin.dispose!();
    assert.equal(fake.logouts - before, 1, 'nothing left to log out');
  });

  test('an expired session (401 ERR-API-0104): one new login shared by concurrent calls', async () => {
    const { client, provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.expireSessions();
    const logins = fake.logins;
    const lists = await Promise.all(['web-01', 'web-02', 'db-01', 'web-02', 'web-01'].map((n) => provider.listSnapshots('acme', ref(n))));
    assert.ok(lists.every((l) => l.length > 0));
    assert.equal(fake.logins - logins, 1, 'one login for all five callers');
    assert.equal(client.loginCount, 2);
    assert.ok(
      fake.requests.some((r) => r.status === 401),
      'the calls did meet the expired session',
    );
  });

  test('a session refused again right after a new login is a clear error, not a loop', async () => {
    const { client, provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.setSessionsBroken(true);
    const err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /ended the session again right after a new login/);
    assert.equal(client.loginCount, 2, 'exactly one new login');
  });

  test('a wrong password is a readable error naming the settings', async () => {
    const err = await make({ password: 'wrong' })
      .provider.listSnapshots('acme', ref('web-02'))
      .catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'provider_auth_failed');
    assert.equal(err.pluginId, 'tintri');
    assert.match(
      err.message,
      /refused the login for "glasspane" \(Authentication failed: invalid user name or password\); check TINTRI_USERNAME and TINTRI_PASSWORD\./,
    );
  });

  test('garbage, outages, slowness and 500s are readable errors', async () => {
    const { provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.garbageNext(1);
    let err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [502, 'provider_bad_response']);
    assert.equal(err.message, 'Tintri VMstore answered with something that is not JSON.');
    fake.failNext(1, {
      status: 500,
      body: JSON.stringify({
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError',
        code: 'ERR-API-9999',
        message: 'Internal error while reading replication state.',
        causeDetails: 'java.lang.NullPointerException at com.tintri…',
      }),
    });
    err = await provider.replication('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err), err.upstreamStatus], [502, 'provider_error', 500]);
    assert.match(
      err.message,
      /^Tintri VMstore failed the replication status of "web-02" \(500\): Internal error while reading replication state\.$/,
    );
    fake.failNext(1, { status: 503, body: 'Service Unavailable' });
    err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unavailable']);
    fake.setMode('down');
    err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unreachable']);
    assert.equal(err.message, 'Tintri VMstore could not be reached.');
    fake.setMode('up');
    err = await make({ timeoutMs: 200 })
      .provider.listSnapshots('acme', ref('web-02'))
      .then(
        () => undefined,
        (e) => e,
      );
    assert.equal(err, undefined, 'a fresh client works when the VMstore is up');
    fake.setLatency(1_000);
    err = await make({ timeoutMs: 200 })
      .provider.listSnapshots('acme', ref('web-02'))
      .catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unreachable']);
    assert.match(err.message, /did not answer within 1 s/);
    fake.setLatency(0);
    fake.setMode('garbage');
    err = await make()
      .provider.listSnapshots('acme', ref('web-02'))
      .catch((e) => e);
    assert.equal(code(err), 'provider_bad_response', 'garbage on /api/info too');
    fake.setMode('up');
  });

  test('a VMstore without API v310 is refused with a clear message', async () => {
    fake.failNext(1, {
      status: 200,
      body: JSON.stringify({ productName: 'Tintri VMstore', preferredVersion: 'v200.1', supportedVersionSet: ['v200.1'] }),
    });
    const err = await make()
      .provider.listSnapshots('acme', ref('web-02'))
      .catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_misconfigured']);
    assert.equal(err.message, 'Tintri VMstore offers API v200.1, but this plugin needs v310.');
  });

  test('error mapping: TintriError JSON or text, statuses a person and the portal understand', () => {
    const tintri = (message: string) =>
      JSON.stringify({ typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError', code: 'ERR-API-1', message, causeDetails: '' });
    assert.deepEqual(
      [mapError(404, tintri('Snapshot X not found.'), 'the snapshot').status, mapError(404, '', 'the snapshot').message],
      [404, 'Tintri VMstore could not find the snapshot.'],
    );
    assert.equal(mapError(400, tintri('VM web-01 is busy.'), 'the snapshot').status, 409);
    assert.equal(mapError(409, 'conflict', 'the restore').status, 409);
    assert.equal(mapError(400, tintri('Bad value.'), 'the snapshot').message, 'Tintri VMstore refused the snapshot: Bad value.');
    assert.equal(mapError(502, '<html>bad gateway</html>').message, 'Tintri VMstore failed the request (502).');
    assert.equal(mapError(429, '').status, 503);
    assert.doesNotMatch(mapError(500, JSON.stringify({ message: 'java.lang.IllegalStateException: boom' })).message, /Exception/);
  });

  test('config from the documented variables', () => {
    assert.throws(() => resolvePluginConfig(plugin, undefined, { TINTRI_URL: 'https://vmstore.example' }), PluginConfigError);
    const config = resolvePluginConfig(plugin, undefined, {
      TINTRI_URL: 'https://vmstore.example',
      TINTRI_USERNAME: 'svc',
      TINTRI_PASSWORD: 'p',
      TINTRI_TIMEOUT_MS: '5000',
    });
    assert.deepEqual(config, {
      url: 'https://vmstore.example',
      username: 'svc',
      password: 'p',
      timeoutMs: 5000,
      pageSize: 100,
      vmMap: {},
      siteNames: {},
    });
    const env = { TINTRI_URL: 'https://vmstore.example', TINTRI_USERNAME: 'svc', TINTRI_PASSWORD: 'p' };
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { ...env, TINTRI_VM_MAP: '{"openstack:5b8d":"B7C1-VIM-1"}' }).vmMap, {
      'openstack:5b8d': 'B7C1-VIM-1',
    });
    assert.throws(() => resolvePluginConfig(plugin, undefined, { ...env, TINTRI_VM_MAP: 'openstack:5b8d=B7C1' }), PluginConfigError);
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { ...env, TINTRI_SITE_NAMES: '{"dr-vmstore-fra2":"Frankfurt 2"}' }).siteNames, {
      'dr-vmstore-fra2': 'Frankfurt 2',
    });
    assert.equal(
      resolvePluginConfig(plugin, undefined, { TINTRI_URL: 'https://vmstore.example', TINTRI_USERNAME: 'svc', TINTRI_PASSWORD: 'p' })
        .timeoutMs,
      15_000,
    );
  });
});
