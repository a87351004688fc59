import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenStackFake, type OpenStackFake } from './fake.js';
import plugin, { OpenStackClient, OpenStackComputeProvider, OpenStackMetricsProvider, seconds } from './index.js';
import { compareMicroversions, mapError } from './client.js';
import { OpenStackBackupEvents } from './backups.js';
import { ProviderError, PluginConfigError, resolvePluginConfig, ComputeProviderToken, retryAfterSeconds } from '@glasspane/host';
import { join } from 'node:path';
import { selfSignedCertificate, waitFor } from '../../host/test/helpers.js';

describe('OpenStack plugin against its fake', () => {
  let fake: OpenStackFake;
  const make = (extra: object = {}) => {
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
      ...extra,
    });
    const compute = new OpenStackComputeProvider(client);
    return { client, compute, metrics: new OpenStackMetricsProvider(client, compute) };
  };
  const code = (err: unknown) => (err as ProviderError).errors[0]!.code;
  /** Waits for Nova to finish a server's transition (the fake's take `transitionMs`). */
  const settled = (compute: OpenStackComputeProvider, project: string, id: string) =>
    waitFor('the transition to end', async () => {
      const server = await compute.getServer(project, id);
      return server && server.task === null && server.status !== 'building' ? server : undefined;
    });

  before(async () => {
    fake = await startOpenStackFake({ transitionMs: 50 });
    for (let k = 0; k < 25; k++) fake.addServer(fake.projectId, { name: `node-${String(k).padStart(2, '0')}` });
    fake.addServer(fake.otherProjectId, { name: 'someone-else' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('authenticates once, pages servers through servers_links, and maps them', async () => {
    const { client, compute } = make();
    const servers = await compute.listServers(fake.projectId);
    assert.equal(servers.length, 25);
    assert.equal(client.authCount, 1);
    const s = servers[0]!;
    assert.equal(s.status, 'active');
    assert.equal(s.providerStatus, 'ACTIVE');
    assert.deepEqual([s.flavor!.name, s.flavor!.vcpus, s.flavor!.ramMb], ['m1.medium', 2, 4096]);
    assert.equal(s.image!.name, 'Debian 12');
    assert.equal(s.addresses[0]!.type, 'fixed');
    assert.equal(s.region, 'fra1-a');
  });

  test("a project's token sees only its servers", async () => {
    const { compute } = make();
    const other = (await compute.listServers(fake.otherProjectId))[0]!;
    assert.equal(other.name, 'someone-else');
    assert.equal(await compute.getServer(fake.projectId, other.id), undefined);
  });

  test("another project's server is neither visible, stoppable nor measurable, though Nova would let the admin", async () => {
    const { client, compute, metrics } = make();
    const foreign = fake.addServer(fake.otherProjectId, { name: 'their-db' });
    // The world as Nova's default policy has it: the admin service user reads it by id.
    const token = (await (
      await fetch(`${fake.authUrl}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: fake.username, domain: { name: 'Default' }, password: fake.password } },
            },
            scope: { project: { id: fake.projectId } },
          },
        }),
      })
    ).headers.get('x-subject-token'))!;
    const direct = await fetch(`${fake.authUrl.replace('/identity', '')}/compute/v2.1/servers/${foreign.id}`, {
      headers: { 'x-auth-token': token },
    });
    assert.equal(direct.status, 200, 'Nova shows an admin any server by id');
    assert.equal(((await direct.json()) as { server: { tenant_id: string } }).server.tenant_id, fake.otherProjectId);

    assert.equal(await compute.getServer(fake.projectId, foreign.id), undefined);
    for (const action of ['stop', 'reboot', 'start'] as const) {
      const err = await compute.powerAction(fake.projectId, foreign.id, action).catch((e) => e);
      assert.ok(err instanceof ProviderError);
      assert.deepEqual([err.status, code(err)], [404, 'not_found']);
    }
    // A transition would have begun at once (task_state set); none did.
    assert.deepEqual(
      [foreign.status, foreign.vm_state, foreign.task_state],
      ['ACTIVE', 'active', null],
      'its power state did not change at Nova',
    );
    const end = new Date();
    const err = await metrics
      .history(fake.projectId, foreign.id, 'memory', { start: new Date(end.getTime() - 3600_000), end })
      .catch((e) => e);
    assert.deepEqual([err.status, code(err)], [404, 'not_found']);
    assert.deepEqual(await metrics.current(fake.projectId, foreign.id), {});
    // Its own project still reaches it.
    assert.equal((await compute.getServer(fake.otherProjectId, foreign.id))!.name, 'their-db');
    assert.ok(
      (await metrics.history(fake.otherProjectId, foreign.id, 'memory', { start: new Date(end.getTime() - 3600_000), end })).length > 0,
    );
    assert.ok(client.authCount >= 1);
  });

  test('stop shows the transition, then settles; stopping again is a readable 409', async () => {
    const { compute } = make();
    const s = (await compute.listServers(fake.projectId))[0]!;
    await compute.powerAction(fake.projectId, s.id, 'stop');
    assert.equal((await compute.getServer(fake.projectId, s.id))!.task, 'powering-off');
    const stopped = await settled(compute, fake.projectId, s.id);
    assert.deepEqual([stopped.status, stopped.task], ['stopped', null]);
    const err = await compute.powerAction(fake.projectId, s.id, 'stop').catch((e) => e);
    assert.equal(code(err), 'server_state_conflict');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'The server is already stopped.');
    await compute.powerAction(fake.projectId, s.id, 'start');
    assert.equal((await settled(compute, fake.projectId, s.id)).status, 'active');
  });

  test("the fake resizes as Nova documents: RESIZE, VERIFY_RESIZE on the new flavor, confirmResize, ACTIVE; refusals carry Nova's message", async () => {
    const s = fake.addServer(fake.projectId, { name: 'resize-wire', flavorId: 'f-m' });
    const token = (await (
      await fetch(`${fake.authUrl}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: fake.username, domain: { name: 'Default' }, password: fake.password } },
            },
            scope: { project: { id: fake.projectId } },
          },
        }),
      })
    ).headers.get('x-subject-token'))!;
    const nova = `${fake.authUrl.replace('/identity', '')}/compute/v2.1/servers/${s.id}`;
    const act = (body: unknown) =>
      fetch(`${nova}/action`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const show = async () => ((await (await fetch(nova, { headers: { 'x-auth-token': token } })).json()) as any).server;
    const same = await act({ resize: { flavorRef: 'f-m' } });
    assert.equal(same.status, 400);
    assert.equal(((await same.json()) as any).badRequest.message, 'When resizing, instances must change flavor!');
    const smaller = await act({ resize: { flavorRef: 'f-s' } });
    assert.equal(smaller.status, 400);
    assert.match(((await smaller.json()) as any).badRequest.message, /smaller disk/);
    // Held, so a busy machine cannot end the resize before the test looks at it.
    const release = fake.holdTransitions();
    assert.equal((await act({ resize: { flavorRef: 'f-l' } })).status, 202);
    assert.equal((await show()).status, 'RESIZE');
    assert.equal((await act({ resize: { flavorRef: 'f-l' } })).status, 409, 'a server that is resizing takes no second resize');
    release();
    const verify = await waitFor('the resize to wait for verification', async () => {
      const server = await show();
      return server.status === 'RESIZE' ? undefined : server;
    });
    assert.deepEqual([verify.status, verify.flavor.original_name], ['VERIFY_RESIZE', 'm1.large']);
    assert.equal((await act({ confirmResize: null })).status, 204);
    const confirmed = await waitFor('the confirmation to end', async () => {
      const server = await show();
      return server['OS-EXT-STS:task_state'] ? undefined : server;
    });
    assert.deepEqual([confirmed.status, confirmed.flavor.original_name], ['ACTIVE', 'm1.large']);
    assert.equal((await act({ confirmResize: null })).status, 409, 'nothing left to confirm');
    s.status = 'PAUSED';
    s.vm_state = 'paused';
    const paused = await act({ resize: { flavorRef: 'f-m' } });
    assert.equal(paused.status, 409);
  });

  test('resize waits for VERIFY_RESIZE, confirms, and resolves on the new flavor; a stopped server stays stopped; a refusal is readable', async () => {
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
    const compute = new OpenStackComputeProvider(client, { pollMs: 10 });
    const s = fake.addServer(fake.projectId, { name: 'resize-me', flavorId: 'f-s' });
    const done = await compute.resize(fake.projectId, s.id, 'f-m');
    assert.deepEqual([done.status, done.flavor!.name, done.task], ['active', 'm1.medium', null]);
    assert.equal(s.flavorId, 'f-m', 'the fake holds the new flavor');
    const stopped = fake.addServer(fake.projectId, { name: 'resize-stopped', flavorId: 'f-s', status: 'SHUTOFF', vm_state: 'stopped' });
    assert.equal((await compute.resize(fake.projectId, stopped.id, 'f-l')).status, 'stopped');
    const refused = await compute.resize(fake.projectId, s.id, 'f-m').catch((e) => e);
    assert.ok(refused instanceof ProviderError);
    assert.equal(refused.message, 'When resizing, instances must change flavor!');
    const foreign = fake.addServer(fake.otherProjectId, { name: 'not-yours', flavorId: 'f-s' });
    assert.equal(((await compute.resize(fake.projectId, foreign.id, 'f-m').catch((e) => e)) as ProviderError).status, 404);
    assert.equal(foreign.flavorId, 'f-s', "another project's server is not resized");
  });

  test('create builds then becomes active; an unknown server is undefined; quota is explained', async () => {
    const { compute } = make();
    const flavors = await compute.listFlavors(fake.projectId);
    const images = await compute.listImages(fake.projectId);
    const created = await compute.createServer(fake.otherProjectId, { name: 'new-one', flavorId: flavors[0]!.id, imageId: images[0]!.id });
    assert.equal(created.status, 'building');
    assert.equal((await settled(compute, fake.otherProjectId, created.id)).status, 'active');
    assert.equal(await compute.getServer(fake.projectId, 'no-such-id'), undefined);
    const err = await compute
      .createServer(fake.projectId, { name: 'one-too-many', flavorId: 'f-s', imageId: 'img-debian' })
      .catch((e) => e);
    assert.equal(code(err), 'quota_exceeded');
    assert.match(err.message, /Quota exceeded for instances/);
    const bad = await compute.createServer(fake.otherProjectId, { name: 'x', flavorId: 'nope', imageId: 'img-debian' }).catch((e) => e);
    assert.equal(code(bad), 'invalid');
  });

  test('an expired token re-authenticates once, shared by concurrent calls', async () => {
    const { client, compute } = make();
    await compute.listFlavors(fake.projectId);
    const before = fake.authRequests;
    fake.expireTokens();
    await Promise.all(Array.from({ length: 5 }, () => compute.listFlavors(fake.projectId)));
    assert.equal(fake.authRequests - before, 1, 'one re-authentication for five callers');
    assert.equal(client.authCount, 2);
  });

  test('wrong credentials, garbage, outages and rate limits are readable errors', async () => {
    let err = await make({ password: 'wrong' })
      .compute.listServers(fake.projectId)
      .catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /OPENSTACK_PASSWORD/);
    const { compute } = make();
    await compute.listFlavors(fake.projectId);
    fake.garbageNext(1);
    err = await compute.listFlavors(fake.projectId).catch((e) => e);
    assert.equal(code(err), 'provider_bad_response');
    fake.failNext(1, { status: 413, body: { overLimit: { code: 413, message: 'Over limit', retryAfter: '7' } } });
    err = await compute.listFlavors(fake.projectId).catch((e) => e);
    assert.equal(code(err), 'provider_rate_limited');
    assert.equal(err.headers['Retry-After'], '7');
    err = await new OpenStackComputeProvider(
      new OpenStackClient({
        authUrl: 'http://127.0.0.1:9',
        username: 'u',
        password: 'p',
        userDomainName: 'Default',
        projectId: 'x',
        timeoutMs: 500,
      }),
    )
      .listServers('x')
      .catch((e) => e);
    assert.equal(code(err), 'provider_unreachable');
    err = await make({ region: 'Mars' })
      .compute.listServers(fake.projectId)
      .catch((e) => e);
    assert.match(err.message, /no public "compute" endpoint in region Mars/);
  });

  test('Gnocchi: granularity from the archive policy, cpu rate as percent of vCPU capacity', async () => {
    const { compute, metrics } = make();
    const s = (await compute.listServers(fake.projectId))[1]!;
    const end = new Date();
    const hour = await metrics.history(fake.projectId, s.id, 'cpu', {
      start: new Date(end.getTime() - 3600_000),
      end,
      granularitySeconds: 30,
    });
    assert.ok(hour.length >= 55 && hour.length <= 61, `60-second points (${hour.length})`);
    assert.ok(hour.every((p) => p.value >= 0 && p.value <= 100));
    const year = await metrics.history(fake.projectId, s.id, 'memory', {
      start: new Date(end.getTime() - 365 * 86400_000),
      end,
      granularitySeconds: 3600,
    });
    assert.ok(year.length > 8000 && year.length <= 8761, 'hourly for a year');
    assert.ok(
      year.every((p) => p.value > 0 && p.value <= 4096),
      'MiB within the flavor',
    );
    const now = await metrics.current(fake.projectId, s.id);
    assert.ok(now.cpu && now.memory && now.disk);
    assert.ok(now.disk!.value > 0 && now.disk!.value < 40, 'GiB within the flavor');
    assert.deepEqual(await metrics.history(fake.projectId, s.id, 'bandwidth', { start: new Date(end.getTime() - 3600_000), end }), []);
  });

  test("Gnocchi's durations read as Python prints timedeltas", () => {
    assert.deepEqual(
      ['0:01:00', '1:00:00', '1 day, 0:00:00', '30 days, 0:00:00', '0:00:00.500000', 300, '300'].map(seconds),
      [60, 3600, 86400, 2592000, 0.5, 300, 300],
    );
  });

  test('config from the documented variables, validated', () => {
    assert.throws(() => resolvePluginConfig(plugin, undefined, {}), PluginConfigError);
    const config = resolvePluginConfig(plugin, undefined, {
      OPENSTACK_AUTH_URL: 'https://keystone.example:5000/v3',
      OPENSTACK_USERNAME: 'u',
      OPENSTACK_PASSWORD: 'p',
      OPENSTACK_PROJECT_ID: 'proj',
    });
    assert.equal(config.userDomainName, 'Default');
    assert.equal(config.interface, 'public');
    const full = resolvePluginConfig(plugin, undefined, {
      OPENSTACK_AUTH_URL: 'https://keystone.example:5000/v3',
      OPENSTACK_USERNAME: 'u',
      OPENSTACK_PASSWORD: 'p',
      OPENSTACK_PROJECT_ID: 'proj',
      OPENSTACK_REGION: 'fra1',
      OPENSTACK_INTERFACE: 'internal',
      OPENSTACK_NETWORK_IDS: 'net-a, net-b',
    });
    assert.deepEqual([full.region, full.interface, full.networkIds], ['fra1', 'internal', ['net-a', 'net-b']]);
    assert.throws(
      () =>
        resolvePluginConfig(plugin, undefined, {
          OPENSTACK_AUTH_URL: 'https://k.example',
          OPENSTACK_USERNAME: 'u',
          OPENSTACK_PASSWORD: 'p',
          OPENSTACK_PROJECT_ID: 'p',
          OPENSTACK_INTERFACE: 'private',
        }),
      PluginConfigError,
    );
  });

  test('an application credential authenticates without a scope, lists its project, and is refused for another project or when expired', async () => {
    const credential = fake.addApplicationCredential();
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      applicationCredentialId: credential.id,
      applicationCredentialSecret: credential.secret,
      projectId: fake.projectId,
    });
    const compute = new OpenStackComputeProvider(client);
    const names = (await compute.listServers(fake.projectId)).map((s) => s.name);
    assert.deepEqual(
      names,
      (await make().compute.listServers(fake.projectId)).map((s) => s.name),
    );
    assert.ok(names.length >= 25 && !names.includes('someone-else'));
    // A compute account in another project cannot borrow this credential's project.
    await assert.rejects(
      compute.listServers(fake.otherProjectId),
      (err: unknown) => code(err) === 'provider_misconfigured' && /bound to project/.test((err as Error).message),
    );

    const expired = fake.addApplicationCredential(fake.projectId, Date.now() - 1000);
    const stale = new OpenStackComputeProvider(
      new OpenStackClient({
        authUrl: fake.authUrl,
        applicationCredentialId: expired.id,
        applicationCredentialSecret: expired.secret,
        projectId: fake.projectId,
      }),
    );
    await assert.rejects(
      stale.listServers(fake.projectId),
      (err: unknown) => code(err) === 'provider_auth_failed' && /OPENSTACK_APPLICATION_CREDENTIAL_ID/.test((err as Error).message),
    );

    const config = resolvePluginConfig(plugin, undefined, {
      OPENSTACK_AUTH_URL: 'https://keystone.example:5000/v3',
      OPENSTACK_APPLICATION_CREDENTIAL_ID: 'id',
      OPENSTACK_APPLICATION_CREDENTIAL_SECRET: 'secret',
      OPENSTACK_PROJECT_ID: 'proj',
    });
    assert.equal(config.applicationCredentialId, 'id');
    // An id without its secret, or neither a password nor a credential, is a configuration error.
    assert.throws(
      () =>
        resolvePluginConfig(plugin, undefined, {
          OPENSTACK_AUTH_URL: 'https://k.example',
          OPENSTACK_APPLICATION_CREDENTIAL_ID: 'id',
          OPENSTACK_PROJECT_ID: 'p',
        }),
      PluginConfigError,
    );
    assert.throws(
      () => resolvePluginConfig(plugin, undefined, { OPENSTACK_AUTH_URL: 'https://k.example', OPENSTACK_PROJECT_ID: 'p' }),
      PluginConfigError,
    );
  });

  test("create attaches the project's own network, never another project's the admin can see, nor the external one", async () => {
    const { compute } = make();
    // Neutron shows the admin every project's networks; the plugin takes only its project's.
    const own = await compute.projectNetworks(fake.otherProjectId);
    assert.deepEqual(
      own.map((n) => n.id),
      fake.networks.filter((n) => n.project_id === fake.otherProjectId).map((n) => n.id),
    );
    const created = await compute.createServer(fake.otherProjectId, { name: 'net-check', flavorId: 'f-s', imageId: 'img-debian' });
    const atNova = fake.projects.get(fake.otherProjectId)!.find((s) => s.id === created.id)!;
    assert.deepEqual(
      atNova.networkIds,
      own.map((n) => n.id),
    );
    // A network id of another project is refused before Nova is asked (Nova would let the admin).
    const foreign = fake.networks.find((n) => n.project_id === fake.projectId)!;
    const before = fake.projects.get(fake.otherProjectId)!.length;
    const err = await compute
      .createServer(fake.otherProjectId, { name: 'x', flavorId: 'f-s', imageId: 'img-debian', networkId: foreign.id })
      .catch((e) => e);
    assert.equal((err as ProviderError).failure, 'invalid');
    assert.equal(fake.projects.get(fake.otherProjectId)!.length, before, 'no server was created');
  });

  test('OPENSTACK_NETWORK_IDS wins; without any network the auto-allocation refusal is explained', async () => {
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
    const shared = fake.networks.find((n) => n.shared)!;
    const compute = new OpenStackComputeProvider(client, { networkIds: [shared.id] });
    const created = await compute.createServer(fake.otherProjectId, { name: 'on-public', flavorId: 'f-s', imageId: 'img-debian' });
    assert.deepEqual(fake.projects.get(fake.otherProjectId)!.find((s) => s.id === created.id)!.networkIds, [shared.id]);

    const bare = await startOpenStackFake({ transitionMs: 10 });
    try {
      bare.networks.splice(0, bare.networks.length, ...bare.networks.filter((n) => n.shared));
      const c = new OpenStackComputeProvider(
        new OpenStackClient({
          authUrl: bare.authUrl,
          username: bare.username,
          password: bare.password,
          userDomainName: 'Default',
          projectId: bare.projectId,
        }),
      );
      const err = await c.createServer(bare.projectId, { name: 'lost', flavorId: 'f-s', imageId: 'img-debian' }).catch((e) => e);
      assert.equal((err as ProviderError).code, 'provider_misconfigured');
      assert.match((err as Error).message, /OPENSTACK_NETWORK_IDS/);
      assert.equal(bare.projects.get(bare.projectId)!.length, 0);
    } finally {
      await bare.close();
    }
  });

  test("microversions: the cloud's maximum when older than 2.79, a readable refusal below 2.47", async () => {
    for (const [max, works] of [
      ['2.60', true],
      ['2.40', false],
    ] as const) {
      const old = await startOpenStackFake({ transitionMs: 10, maxMicroversion: max });
      try {
        old.addServer(old.projectId, { name: 'legacy' });
        const c = new OpenStackComputeProvider(
          new OpenStackClient({
            authUrl: old.authUrl,
            username: old.username,
            password: old.password,
            userDomainName: 'Default',
            projectId: old.projectId,
          }),
        );
        if (works)
          assert.deepEqual(
            (await c.listServers(old.projectId)).map((s) => [s.name, s.flavor?.name]),
            [['legacy', 'm1.medium']],
          );
        else {
          const err = await c.listServers(old.projectId).catch((e) => e);
          assert.equal((err as ProviderError).code, 'provider_misconfigured');
          assert.match((err as Error).message, /up to 2\.40.*2\.47/);
        }
      } finally {
        await old.close();
      }
    }
    assert.ok(compareMicroversions('2.9', '2.10') < 0, 'compared as numbers per part, not as decimals');
  });

  test('a cloud behind a private CA: trusted with OPENSTACK_CA_FILE, explained without it', async (t) => {
    const certificate = selfSignedCertificate();
    if (!certificate) return t.skip('openssl is not installed here');
    const { dir } = certificate;
    const tlsFake = await startOpenStackFake({ transitionMs: 10, tls: { key: certificate.key, cert: certificate.cert } });
    try {
      tlsFake.addServer(tlsFake.projectId, { name: 'behind-ca' });
      const env = {
        OPENSTACK_AUTH_URL: tlsFake.authUrl,
        OPENSTACK_USERNAME: tlsFake.username,
        OPENSTACK_PASSWORD: tlsFake.password,
        OPENSTACK_PROJECT_ID: tlsFake.projectId,
      };
      const compute = async (extra: Record<string, string>) => {
        const container = (await import('tsyringe')).container.createChildContainer();
        await plugin.register({ container, config: resolvePluginConfig(plugin, undefined, { ...env, ...extra }) } as never);
        return container.resolve(ComputeProviderToken);
      };
      const untrusted = await (await compute({})).listServers(tlsFake.projectId).catch((e) => e);
      assert.equal((untrusted as ProviderError).code, 'provider_unreachable');
      assert.match((untrusted as Error).message, /certificate is not trusted/);
      const trusted = await compute({ OPENSTACK_CA_FILE: certificate.caFile });
      assert.deepEqual(
        (await trusted.listServers(tlsFake.projectId)).map((s) => s.name),
        ['behind-ca'],
      );
      await assert.rejects(compute({ OPENSTACK_CA_FILE: join(dir, 'missing.pem') }), /OPENSTACK_CA_FILE: cannot read/);
    } finally {
      await tlsFake.close();
      certificate.remove();
    }
  });

  test('Retry-After as seconds or as an HTTP date; a policy 403 is not an auth failure', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    assert.equal(retryAfterSeconds('120', now), 120);
    assert.equal(retryAfterSeconds('Thu, 03 Dec 2026 12:00:30 GMT', now), 30);
    assert.equal(retryAfterSeconds('soon', now), undefined);
    const limited = mapError(
      429,
      '{"overLimit":{"code":429,"message":"Rate limited"}}',
      new Headers({ 'retry-after': new Date(Date.now() + 40_000).toUTCString() }),
    );
    assert.ok(limited.retryAfterSeconds! >= 38 && limited.retryAfterSeconds! <= 40);
    const policy = mapError(
      403,
      '{"forbidden":{"code":403,"message":"Policy doesn\'t allow os_compute_api:os-start to be performed."}}',
      new Headers(),
    );
    assert.equal(policy.code, 'provider_forbidden');
    assert.match(policy.message, /policy/i);
  });
});

describe('OpenStack volume backups as account events (Cinder v3)', () => {
  let fake: OpenStackFake;
  before(async () => {
    fake = await startOpenStackFake({ transitionMs: 50 });
  });
  after(() => fake.close());

  test('pages newest first, attributes each backup to its server, marks failures, and stops at since', async () => {
    const db = fake.addServer(fake.projectId, { name: 'db-01' });
    const other = fake.addServer(fake.otherProjectId, { name: 'someone-else' });
    const day = 86_400_000;
    const now = Date.now();
    for (let i = 0; i < 150; i++)
      fake.addBackup(fake.projectId, db, new Date(now - i * day).toISOString(), i === 3 ? 'error' : 'available');
    fake.addBackup(fake.projectId, db, new Date(now - 10 * 60_000).toISOString(), 'creating');
    fake.addBackup(fake.otherProjectId, other, new Date(now).toISOString());
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
    const events = new OpenStackBackupEvents(client, new OpenStackComputeProvider(client));
    const list = await events.listEvents(fake.projectId, { since: new Date(now - 120.5 * day), until: new Date(now + 1000) });
    assert.equal(list.length, 121, 'two pages of 100, stopping once past since; the running one left out');
    assert.ok(list.every((e) => e.serviceId === `openstack:${db.id}` && e.serviceName === 'db-01'));
    const failed = list.filter((e) => e.severity === 'critical');
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.title, /^Backup of db-01 failed: Backup driver timed out\.$/);
    assert.ok(
      list.every((e) => e.at.endsWith('Z')),
      'Cinder times without a zone are read as UTC',
    );
    assert.ok(!list.some((e) => e.serviceName === 'someone-else'), "another project's backups stay there");
  });

  test('re-authenticates once when the token expires, and names an outage', async () => {
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
    const events = new OpenStackBackupEvents(client, new OpenStackComputeProvider(client));
    const range = { since: new Date(Date.now() - 3 * 86_400_000), until: new Date() };
    await events.listEvents(fake.projectId, range);
    fake.expireTokens();
    const again = await events.listEvents(fake.projectId, range);
    assert.ok(again.length > 0);
    fake.failNext(5, { status: 503 });
    await assert.rejects(events.listEvents(fake.projectId, range), (e: any) => e instanceof ProviderError);
    fake.reset();
  });
});
