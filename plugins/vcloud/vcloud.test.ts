import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startVcloudFake, type VcloudFake } from './fake.js';
import plugin, { VcloudClient, VcloudComputeProvider, VcloudMetricsProvider } from './index.js';
import { xmlElements, xmlSeries } from './client.js';
import { ProviderError, PluginConfigError, resolvePluginConfig } from '../../host/index.js';

describe('Cloud Director plugin against its fake', () => {
  let fake: VcloudFake;
  const make = (extra: object = {}) => {
    const client = new VcloudClient({ url: fake.url, org: 'globex', username: fake.username, password: fake.password, ...extra });
    const compute = new VcloudComputeProvider(client);
    return { client, compute, metrics: new VcloudMetricsProvider(client, compute) };
  };
  const code = (err: unknown) => (err as ProviderError).errors[0]!.code;
  const settle = () => new Promise((r) => setTimeout(r, 80));

  before(async () => {
    fake = await startVcloudFake({ transitionMs: 50 });
    for (let k = 0; k < 300; k++) fake.addVm('globex', { name: `vm-${String(k).padStart(3, '0')}`, status: k % 10 === 0 ? 'POWERED_OFF' : 'POWERED_ON' });
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

  test('power off: accepted as a Task, busy meanwhile, then stopped; again is a readable refusal', async () => {
    const { compute } = make();
    const vm = (await compute.listServers('globex')).find((v) => v.name === 'vm-005')!;
    await compute.powerAction('globex', vm.id, 'stop');
    assert.equal((await compute.getServer('globex', vm.id))!.task, 'powering-off');
    const busy = await compute.powerAction('globex', vm.id, 'stop').catch((e) => e);
    assert.equal(code(busy), 'server_busy');
    await settle();
    const off = (await compute.getServer('globex', vm.id))!;
    assert.deepEqual([off.status, off.task], ['stopped', null]);
    const again = await compute.powerAction('globex', vm.id, 'stop').catch((e) => e);
    assert.equal(code(again), 'server_state_conflict');
    assert.equal(again.message, 'The server is already stopped.');
    assert.doesNotMatch(again.message, /Exception/);
    await compute.powerAction('globex', vm.id, 'start');
    await settle();
    assert.equal((await compute.getServer('globex', vm.id))!.status, 'active');
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
  });

  test('wrong credentials, an unsupported version, garbage and outages are readable', async () => {
    let err = await make({ password: 'wrong' }).compute.listServers('globex').catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /VCD_PASSWORD/);
    err = await make({ apiVersion: '99.0' }).compute.listServers('globex').catch((e) => e);
    assert.equal(code(err), 'provider_misconfigured');
    assert.match(err.message, /VCD_API_VERSION/);
    const { compute } = make();
    await compute.listServers('initech');
    fake.garbageNext(1);
    err = await compute.listServers('initech').catch((e) => e);
    assert.equal(code(err), 'provider_bad_response');
    err = await new VcloudComputeProvider(new VcloudClient({ url: 'http://127.0.0.1:9', org: 'x', username: 'u', password: 'p', timeoutMs: 500 })).listServers('x').catch((e) => e);
    assert.equal(code(err), 'provider_unreachable');
  });

  test('lists sizing policies as flavors and live templates as images, and creates a server from them', async () => {
    const { compute } = make();
    const flavors = await compute.listFlavors('globex');
    assert.deepEqual(flavors.map((f) => [f.name, f.vcpus, f.ramMb]), [['Small (2 vCPU, 4 GB)', 2, 4096], ['Medium (4 vCPU, 8 GB)', 4, 8192], ['Large (8 vCPU, 16 GB)', 8, 16384]], 'the placement policy has no size');
    const images = await compute.listImages('globex');
    assert.deepEqual(images.map((i) => i.name), ['Ubuntu 24.04 LTS', 'Debian 12'], 'the expired template is left out');
    const medium = flavors[1]!;
    const created = await compute.createServer('globex', { name: 'web-<new> & co', flavorId: medium.id, imageId: images[1]!.id });
    assert.deepEqual([created.status, created.task, created.flavor?.name, created.image?.name], ['building', 'instantiating', 'Medium (4 vCPU, 8 GB)', 'Debian 12']);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    let listed = (await compute.listServers('globex')).find((s) => s.id === created.id)!;
    assert.equal(listed.name, 'web-<new> & co', 'the name survived XML escaping');
    assert.deepEqual([listed.status, listed.task, listed.flavor?.vcpus], ['stopped', 'busy', 4], 'busy while Cloud Director instantiates it');
    await settle();
    listed = (await compute.listServers('globex')).find((s) => s.id === created.id)!;
    assert.deepEqual([listed.status, listed.task], ['active', null]);
  });

  test('refuses a duplicate name, an unknown template or size with readable errors, and logs in again when the session expired', async () => {
    const { compute, client } = make();
    const [flavor] = await compute.listFlavors('globex');
    const [image] = await compute.listImages('globex');
    let err = await compute.createServer('globex', { name: 'vm-001', flavorId: flavor!.id, imageId: image!.id }).catch((e) => e);
    assert.equal(err.errors[0].status, '422');
    assert.match(err.message, /vm-001 already exists/);
    err = await compute.createServer('globex', { name: 'x1', flavorId: 'urn:vcloud:vdcComputePolicy:nope', imageId: image!.id }).catch((e) => e);
    assert.match(err.message, /sizing policy is not valid/);
    err = await compute.createServer('globex', { name: 'x2', flavorId: flavor!.id, imageId: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
    assert.equal(code(err), 'not_found', 'an unknown template');
    const logins = client.loginCount;
    fake.expireSessions();
    const ok = await compute.createServer('globex', { name: 'after-expiry', flavorId: flavor!.id, imageId: image!.id });
    assert.equal(ok.status, 'building');
    assert.equal(client.loginCount, logins + 1, 'one new login');
  });

  test('the XML readers take the flat metric documents apart', () => {
    assert.deepEqual(xmlElements('<a:CurrentUsage><a:Metric name="cpu.usage.average" unit="PERCENT" value="3.5"/></a:CurrentUsage>', 'Metric'), [{ name: 'cpu.usage.average', unit: 'PERCENT', value: '3.5' }]);
    const series = xmlSeries('<HistoricUsage><MetricSeries name="x" unit="PERCENT" expectedInterval="300"><Sample timestamp="t1" value="1"/><Sample timestamp="t2" value="2"/></MetricSeries></HistoricUsage>');
    assert.equal(series[0]!.attrs.name, 'x');
    assert.deepEqual(series[0]!.samples.map((s) => s.value), ['1', '2']);
  });

  test('config from the documented variables', () => {
    assert.throws(() => resolvePluginConfig(plugin, undefined, { VCD_URL: 'https://vcd.example' }), PluginConfigError);
    const config = resolvePluginConfig(plugin, undefined, { VCD_URL: 'https://vcd.example', VCD_ORG: 'globex', VCD_USERNAME: 'u', VCD_PASSWORD: 'p' });
    assert.equal(config.apiVersion, '37.0');
  });
});
