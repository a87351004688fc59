import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startVcloudFake, type FakeVmStatus, type VcloudFake } from './fake.js';
import plugin, { VcloudClient, VcloudComputeProvider, VcloudMetricsProvider } from './index.js';
import { xmlElements, xmlSeries } from './client.js';
import { ProviderError, PluginConfigError, resolvePluginConfig } from '@glasspane/host';

/** Waits for a condition (the fake's world), never a fixed time. */
async function until(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('Cloud Director plugin against its fake', () => {
  let fake: VcloudFake;
  /** The fake's clock: tasks end when a test moves it past them. */
  let clock = Date.now();
  const make = (extra: object = {}) => {
    const client = new VcloudClient({
      url: fake.url,
      org: 'globex',
      username: fake.username,
      password: fake.password,
      taskPollMs: 2,
      actionWaitMs: 20,
      ...extra,
    });
    const compute = new VcloudComputeProvider(client);
    return { client, compute, metrics: new VcloudMetricsProvider(client, compute) };
  };
  const code = (err: unknown) => (err as ProviderError).errors[0]!.code;
  /** Lets every running task end. */
  const finishTasks = () => {
    clock += 60_000;
  };
  /** Waits until `n` tasks run at the fake, then lets them end. */
  const whenRunning = async (operationName: string) => {
    await until(() => fake.runningTasks().some((t) => t.operationName === operationName), `a running ${operationName}`);
    finishTasks();
  };

  before(async () => {
    fake = await startVcloudFake({ transitionMs: 1000, now: () => clock });
    for (let k = 0; k < 300; k++)
      fake.addVm('globex', { name: `vm-${String(k).padStart(3, '0')}`, status: k % 10 === 0 ? 'POWERED_OFF' : 'POWERED_ON' });
    fake.addVm('initech', { name: 'not-yours' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('logs in once with Basic user@org, pages 300 VMs at 128 a page, and maps them', async () => {
    const { client, compute } = make();
    const vms = await compute.listServers('globex');
    assert.equal(vms.length, 300);
    assert.equal(client.loginCount, 1);
    const on = vms.find((v) => v.name === 'vm-001')!;
    assert.deepEqual([on.status, on.providerStatus, on.flavor!.vcpus, on.flavor!.ramMb], ['active', 'POWERED_ON', 2, 4096]);
    assert.equal(vms.find((v) => v.name === 'vm-000')!.status, 'stopped');
    assert.equal(on.region, 'globex-vdc-ams1');
    assert.match(on.addresses[0]!.address, /^192\.168\./);
  });

  test("an org's session sees only its VMs", async () => {
    const { compute } = make();
    const theirs = (await compute.listServers('initech'))[0]!;
    assert.equal(await compute.getServer('globex', theirs.id), undefined);
  });

  test('stop is a guest shutdown that undeploys: busy meanwhile, then POWERED_OFF (not the hard power-off), again is a readable refusal', async () => {
    const { compute } = make();
    const vm = (await compute.listServers('globex')).find((v) => v.name === 'vm-005')!;
    await compute.powerAction('globex', vm.id, 'stop');
    assert.equal((await compute.getServer('globex', vm.id))!.task, 'shutting-down', 'still running after actionWaitMs: accepted');
    const busy = await compute.powerAction('globex', vm.id, 'stop').catch((e) => e);
    assert.equal(code(busy), 'server_busy');
    finishTasks();
    await until(async () => (await compute.getServer('globex', vm.id))!.task === null, 'the shutdown to end');
    const at = fake.orgs.get('globex')!.find((v) => v.id === vm.id)!;
    assert.deepEqual([at.status, at.deployed], ['POWERED_OFF', false], 'undeployed with a guest shutdown at the fake');
    const off = (await compute.getServer('globex', vm.id))!;
    assert.deepEqual([off.status, off.providerStatus, off.fault], ['stopped', 'POWERED_OFF', null]);
    const again = await compute.powerAction('globex', vm.id, 'stop').catch((e) => e);
    assert.equal(code(again), 'server_state_conflict');
    assert.equal(again.message, 'The server is already stopped.');
    assert.doesNotMatch(again.message, /Exception/);
    const start = compute.powerAction('globex', vm.id, 'start', AbortSignal.timeout(5000));
    await whenRunning('vappPowerOn');
    await start;
    // Under load the power-on Task can outlast actionWaitMs (the start is then "accepted");
    // the plugin keeps following it, so wait for the world, not for the call.
    await until(() => at.status === 'POWERED_ON', 'the VM to run at the fake');
    assert.equal((await compute.getServer('globex', vm.id))!.status, 'active');
  });

  test('without VMware Tools a reboot fails its Task: a readable error, the VM untouched; a stop is refused, never a hard power-off', async () => {
    const { compute } = make({ actionWaitMs: 5000 });
    const vm = fake.addVm('globex', { name: 'no-tools', tools: false });
    const reboot = compute.powerAction('globex', vm.id, 'reboot').catch((e) => e);
    await whenRunning('vappReboot');
    const err = await reboot;
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'guest_tools_not_running');
    assert.match(err.message, /VMware Tools is not running/);
    assert.doesNotMatch(err.message, /\[ [0-9a-f-]+ \]/, 'no task id prefix');
    const stop = compute.powerAction('globex', vm.id, 'stop').catch((e) => e);
    await whenRunning('vappUndeployPowerOff');
    assert.equal(code(await stop), 'guest_tools_not_running');
    assert.deepEqual([vm.status, vm.deployed, vm.busy], ['POWERED_ON', true, false], 'still running at the fake');
  });

  test('a power Task that fails after the caller was answered shows as the server fault', async () => {
    const { compute } = make();
    const vm = fake.addVm('globex', { name: 'late-fail', tools: false });
    await compute.powerAction('globex', vm.id, 'reboot');
    assert.equal((await compute.getServer('globex', vm.id))!.fault, null);
    finishTasks();
    await until(async () => (await compute.getServer('globex', vm.id))!.fault !== null, 'the fault');
    assert.match((await compute.getServer('globex', vm.id))!.fault!, /VMware Tools/);
  });

  test('every documented status maps: PARTIALLY_POWERED_OFF is stopped, INCONSISTENT_STATE an error with a reason, WAITING_FOR_INPUT busy', async () => {
    const { compute } = make();
    const cases: [FakeVmStatus, string, boolean][] = [
      ['PARTIALLY_POWERED_OFF', 'stopped', false],
      ['INCONSISTENT_STATE', 'error', true],
      ['WAITING_FOR_INPUT', 'busy', true],
      ['UNRESOLVED', 'building', false],
      ['FAILED_CREATION', 'error', true],
      ['UNKNOWN', 'unknown', false],
      ['SUSPENDED', 'suspended', false],
    ];
    for (const [word, status, hasFault] of cases) {
      const vm = fake.addVm('initech', { name: `status-${word}`, status: word });
      const server = (await compute.getServer('initech', vm.id))!;
      assert.deepEqual([server.status, server.providerStatus, server.fault !== null], [status, word, hasFault], word);
    }
  });

  test('resize: a sizing policy or a cpu-ram spec reconfigures CPU and memory through Tasks', async () => {
    const { compute } = make();
    const vm = fake.addVm('globex', { name: 'grow-me', cpus: 2, memoryMB: 4096 });
    const large = (await compute.listFlavors('globex')).find((f) => f.vcpus === 8)!;
    const resized = compute.resize('globex', vm.id, large.id);
    await whenRunning('vappUpdateVm');
    await whenRunning('vappUpdateVm');
    const server = await resized;
    assert.deepEqual([vm.cpus, vm.memoryMB], [8, 16384], 'the VM at the fake changed');
    assert.deepEqual([server.flavor!.vcpus, server.flavor!.ramMb], [8, 16384]);
    const back = compute.resize('globex', vm.id, '2-6144');
    await whenRunning('vappUpdateVm');
    await whenRunning('vappUpdateVm');
    await back;
    assert.deepEqual([vm.cpus, vm.memoryMB], [2, 6144]);
    const bad = await compute.resize('globex', vm.id, 'no-such-size').catch((e) => e);
    assert.equal(code(bad), 'invalid');
    const odd = compute.resize('globex', vm.id, '2-6145').catch((e) => e);
    assert.match((await odd).message, /multiple of 4/);
    assert.equal(vm.memoryMB, 6144);
  });

  test('an idle session expires into an empty 401: one new login shared by concurrent calls', async () => {
    const { client, compute } = make();
    await compute.listServers('initech');
    fake.expireSessions();
    const before = fake.logins;
    await Promise.all(Array.from({ length: 4 }, () => compute.listServers('initech')));
    assert.equal(fake.logins - before, 1);
    assert.equal(client.loginCount, 2);
  });

  test('metrics: current and historic in XML, converted; a powered-off VM has none', async () => {
    const { compute, metrics } = make();
    const vm = (await compute.listServers('globex')).find((v) => v.name === 'vm-002')!;
    const now = await metrics.current('globex', vm.id);
    assert.ok(now.cpu!.value > 0 && now.cpu!.value <= 100);
    assert.ok(now.memory!.value > 0 && now.memory!.value <= 4096, 'percent of memoryMB in MiB');
    assert.ok(now.disk!.value > 0 && now.disk!.value < 50, 'KB to GiB');
    const end = new Date();
    const day = await metrics.history('globex', vm.id, 'cpu', { start: new Date(end.getTime() - 86400_000), end });
    assert.ok(day.length >= 280 && day.length <= 289, `5-minute samples for a day (${day.length})`);
    const month = await metrics.history('globex', vm.id, 'memory', { start: new Date(end.getTime() - 30 * 86400_000), end });
    const oldest = Date.parse(month[0]!.at);
    assert.ok(end.getTime() - oldest <= 14 * 86400_000 + 3600_000, 'clipped to the 14 days Cloud Director keeps');
    const off = (await compute.listServers('globex')).find((v) => v.name === 'vm-010')!;
    assert.deepEqual(await metrics.current('globex', off.id), {});
    assert.deepEqual(await metrics.history('globex', off.id, 'cpu', { start: new Date(end.getTime() - 3600_000), end }), []);
    assert.equal(now.bandwidth, undefined, 'Cloud Director has no network metric');
    fake.metricsDatabase = false;
    try {
      const err = await metrics.history('globex', vm.id, 'cpu', { start: new Date(end.getTime() - 3600_000), end }).catch((e) => e);
      assert.equal(code(err), 'historic_metrics_unavailable');
      assert.match(err.message, /not available from Cloud Director/);
    } finally {
      fake.metricsDatabase = true;
    }
  });

  test('wrong credentials, an unsupported version, garbage and outages are readable', async () => {
    let err = await make({ password: 'wrong' })
      .compute.listServers('globex')
      .catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /VCD_PASSWORD/);
    err = await make({ apiVersion: '30.0' })
      .compute.listServers('globex')
      .catch((e) => e);
    assert.equal(code(err), 'provider_misconfigured');
    assert.match(err.message, /VCD_API_VERSION/);
    const { compute } = make();
    await compute.listServers('initech');
    fake.garbageNext(1);
    err = await compute.listServers('initech').catch((e) => e);
    assert.equal(code(err), 'provider_bad_response');
    err = await new VcloudComputeProvider(
      new VcloudClient({ url: 'http://127.0.0.1:9', org: 'x', username: 'u', password: 'p', timeoutMs: 500 }),
    )
      .listServers('x')
      .catch((e) => e);
    assert.equal(code(err), 'provider_unreachable');
  });

  test("lists sizing policies as flavors and live templates as images; create follows the sparse vApp's Task and returns the real VM", async () => {
    const { compute } = make();
    const flavors = await compute.listFlavors('globex');
    assert.deepEqual(
      flavors.map((f) => [f.name, f.vcpus, f.ramMb]),
      [
        ['Small (2 vCPU, 4 GB)', 2, 4096],
        ['Medium (4 vCPU, 8 GB)', 4, 8192],
        ['Large (8 vCPU, 16 GB)', 8, 16384],
      ],
      'the placement policy has no size',
    );
    const images = await compute.listImages('globex');
    assert.deepEqual(
      images.map((i) => i.name),
      ['Ubuntu 24.04 LTS', 'Debian 12'],
      'the expired template is left out',
    );
    const medium = flavors[1]!;
    const creating = compute.createServer('globex', { name: 'web-<new> & co', flavorId: medium.id, imageId: images[1]!.id });
    await until(() => fake.runningTasks().some((t) => t.operationName === 'vdcInstantiateVapp'), 'instantiation');
    assert.equal(
      fake.orgs.get('globex')!.some((v) => v.name === 'web-<new> & co'),
      false,
      'no VM while the Task runs',
    );
    finishTasks();
    const created = await creating;
    const at = fake.orgs.get('globex')!.find((v) => v.name === 'web-<new> & co')!;
    assert.equal(created.id, at.id, 'the id of the VM at the fake');
    assert.deepEqual([created.status, created.flavor?.name, created.image?.name], ['active', 'Medium (4 vCPU, 8 GB)', 'Debian 12']);
    assert.deepEqual([at.cpus, at.memoryMB, at.vdc], [4, 8192, 'globex-vdc-ams1']);
  });

  test('a failed instantiation is a readable error; an aborted caller stops waiting', async () => {
    const { compute } = make();
    const [flavor] = await compute.listFlavors('globex');
    const [image] = await compute.listImages('globex');
    fake.failNextTask('vdcInstantiateVapp');
    const failing = compute.createServer('globex', { name: 'doomed', flavorId: flavor!.id, imageId: image!.id }).catch((e) => e);
    await whenRunning('vdcInstantiateVapp');
    const err = await failing;
    assert.equal(code(err), 'task_failed');
    assert.match(err.message, /not enough storage/);
    const controller = new AbortController();
    const waiting = compute
      .createServer('globex', { name: 'impatient', flavorId: flavor!.id, imageId: image!.id }, controller.signal)
      .catch((e) => e);
    await until(() => fake.runningTasks().some((t) => t.operationName === 'vdcInstantiateVapp'), 'instantiation');
    controller.abort(new Error('navigated away'));
    assert.match((await waiting).message, /navigated away/);
    finishTasks();
  });

  test('servers of every VDC of the org; new ones go to VCD_VDC when set', async () => {
    const other = fake.addVm('globex', { name: 'in-fra', vdc: 'globex-vdc-fra1' });
    const { compute } = make({ vdc: 'globex-vdc-fra1' });
    assert.equal((await compute.listServers('globex')).find((s) => s.id === other.id)?.region, 'globex-vdc-fra1');
    assert.deepEqual(
      (await compute.listVdcs('globex')).map((v) => v.name),
      ['globex-vdc-ams1', 'globex-vdc-fra1'],
    );
    const [flavor] = await compute.listFlavors('globex');
    const [image] = await compute.listImages('globex');
    const creating = compute.createServer('globex', { name: 'fra-new', flavorId: flavor!.id, imageId: image!.id });
    await whenRunning('vdcInstantiateVapp');
    const created = await creating;
    assert.equal(fake.orgs.get('globex')!.find((v) => v.id === created.id)!.vdc, 'globex-vdc-fra1');
    const missing = await make({ vdc: 'nope' })
      .compute.listFlavors('globex')
      .catch((e) => e);
    assert.match(missing.message, /no VDC named "nope"/);
  });

  test('the API version is negotiated from /api/versions, VCD_API_VERSION caps it', async () => {
    const { client, compute } = make();
    await compute.listServers('initech');
    assert.equal(await client.version(), '38.1');
    assert.ok(fake.versionsAsked.has('38.1'));
    const capped = make({ apiVersion: '37.0' });
    await capped.compute.listServers('initech');
    assert.equal(await capped.client.version(), '37.0');
    const old = await startVcloudFake({ versions: ['27.0', '29.0'], now: () => clock });
    try {
      const err = await new VcloudComputeProvider(
        new VcloudClient({ url: old.url, org: 'globex', username: old.username, password: old.password }),
      )
        .listServers('globex')
        .catch((e) => e);
      assert.equal(code(err), 'provider_misconfigured');
      assert.match(err.message, /offers 27\.0, 29\.0/);
    } finally {
      await old.close();
    }
  });

  test('provider login acts in each tenant org through X-VMWARE-VCLOUD-TENANT-CONTEXT: one login, no cross-org view', async () => {
    const { client, compute } = make({ provider: true, username: fake.provider.name, password: fake.provider.password });
    const globex = await compute.listServers('globex');
    const initech = await compute.listServers('initech');
    assert.equal(client.loginCount, 1);
    assert.ok(globex.length >= 300 && !globex.some((s) => s.name === 'not-yours'));
    assert.ok(initech.some((s) => s.name === 'not-yours') && !initech.some((s) => s.name === 'vm-001'));
    assert.ok(fake.tenantContexts.includes(fake.orgIds.get('initech')!));
    const err = await make({ username: fake.provider.name, password: fake.provider.password })
      .compute.listServers('globex')
      .catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed', 'a System account without provider login is refused');
  });

  test('API tokens: tenant and provider refresh tokens are exchanged for access tokens; a revoked one is readable', async () => {
    const tenant = make({ username: undefined, password: undefined, apiToken: fake.apiTokens.tenant });
    assert.ok((await tenant.compute.listServers('globex')).length >= 300);
    const elsewhere = await tenant.compute.listServers('initech').catch((e) => e);
    assert.match(elsewhere.message, /cannot act in org "initech"/);
    const provider = make({ username: undefined, password: undefined, apiToken: fake.apiTokens.provider, provider: true });
    assert.ok((await provider.compute.listServers('initech')).some((s) => s.name === 'not-yours'));
    const revoked = await make({ username: undefined, password: undefined, apiToken: 'revoked' })
      .compute.listServers('globex')
      .catch((e) => e);
    assert.equal(code(revoked), 'provider_auth_failed');
    assert.match(revoked.message, /VCD_API_TOKEN/);
  });

  test('refuses a duplicate name, an unknown template or size with readable errors, and logs in again when the session expired', async () => {
    const { compute, client } = make();
    const [flavor] = await compute.listFlavors('globex');
    const [image] = await compute.listImages('globex');
    let err = await compute.createServer('globex', { name: 'vm-001', flavorId: flavor!.id, imageId: image!.id }).catch((e) => e);
    assert.equal(err.errors[0].status, '422');
    assert.match(err.message, /vm-001 already exists/);
    err = await compute
      .createServer('globex', { name: 'x1', flavorId: 'urn:vcloud:vdcComputePolicy:nope', imageId: image!.id })
      .catch((e) => e);
    assert.match(err.message, /sizing policy is not valid/);
    err = await compute
      .createServer('globex', { name: 'x2', flavorId: flavor!.id, imageId: '00000000-0000-4000-8000-000000000000' })
      .catch((e) => e);
    assert.equal(code(err), 'not_found', 'an unknown template');
    const logins = client.loginCount;
    fake.expireSessions();
    const creating = compute.createServer('globex', { name: 'after-expiry', flavorId: flavor!.id, imageId: image!.id });
    await whenRunning('vdcInstantiateVapp');
    assert.equal((await creating).status, 'active');
    assert.equal(client.loginCount, logins + 1, 'one new login');
  });

  test('the XML readers take the flat metric documents apart', () => {
    assert.deepEqual(
      xmlElements('<a:CurrentUsage><a:Metric name="cpu.usage.average" unit="PERCENT" value="3.5"/></a:CurrentUsage>', 'Metric'),
      [{ name: 'cpu.usage.average', unit: 'PERCENT', value: '3.5' }],
    );
    const series = xmlSeries(
      '<HistoricUsage><MetricSeries name="x" unit="PERCENT" expectedInterval="300"><Sample timestamp="t1" value="1"/><Sample timestamp="t2" value="2"/></MetricSeries></HistoricUsage>',
    );
    assert.equal(series[0]!.attrs.name, 'x');
    assert.deepEqual(
      series[0]!.samples.map((s) => s.value),
      ['1', '2'],
    );
  });

  test('config from the documented variables', () => {
    assert.throws(() => resolvePluginConfig(plugin, undefined, { VCD_URL: 'https://vcd.example' }), PluginConfigError);
    const config = resolvePluginConfig(plugin, undefined, {
      VCD_URL: 'https://vcd.example',
      VCD_ORG: 'globex',
      VCD_USERNAME: 'u',
      VCD_PASSWORD: 'p',
    });
    assert.equal(config.apiVersion, undefined, 'negotiated unless capped');
    const token = resolvePluginConfig(plugin, undefined, {
      VCD_URL: 'https://vcd.example',
      VCD_ORG: 'globex',
      VCD_API_TOKEN: 't',
      VCD_PROVIDER_LOGIN: 'true',
      VCD_VDC: 'fra',
    });
    assert.deepEqual([token.apiToken, token.provider, token.vdc], ['t', true, 'fra']);
    assert.deepEqual(config.regionNames, {}, 'VDCs shown by their names unless named');
    const named = resolvePluginConfig(plugin, undefined, {
      VCD_URL: 'https://vcd.example',
      VCD_ORG: 'globex',
      VCD_API_TOKEN: 't',
      VCD_REGION_NAMES: '{"globex-vdc-ams1":"Amsterdam"}',
    });
    assert.deepEqual(named.regionNames, { 'globex-vdc-ams1': 'Amsterdam' });
    assert.throws(
      () =>
        resolvePluginConfig(plugin, undefined, {
          VCD_URL: 'https://vcd.example',
          VCD_ORG: 'g',
          VCD_API_TOKEN: 't',
          VCD_REGION_NAMES: 'Amsterdam',
        }),
      PluginConfigError,
    );
  });

  test('a VDC named for customers is the region they read', async () => {
    const client = new VcloudClient({ url: fake.url, org: 'globex', username: fake.username, password: fake.password });
    const compute = new VcloudComputeProvider(client, { regionNames: { 'globex-vdc-ams1': 'Amsterdam' } });
    const regions = new Set((await compute.listServers('globex')).map((s) => s.region));
    assert.ok(regions.has('Amsterdam'));
    assert.ok(!regions.has('globex-vdc-ams1'), 'the VDC name no longer shows');
  });
});
