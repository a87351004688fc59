import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenStackFake, parseOperations, type OpenStackFake } from './fake.js';
import { OpenStackClient, OpenStackComputeProvider, OpenStackMetricsProvider } from './index.js';
import { ProviderError } from '@glasspane/host';

/** Half past a minute, fixed: the fake's measures and the provider's window agree whatever the test's pace. */
const T = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;

describe("Gnocchi's aggregates API at the fake (as gnocchi/rest/aggregates serves it)", () => {
  let fake: OpenStackFake;
  let client: OpenStackClient;
  const post = (query: string, body: unknown) => client.request<any>(fake.projectId, 'metric', 'POST', `/v1/aggregates${query}`, body);
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => assert.fail('expected a refusal'),
      (err: ProviderError) => err,
    );
  const window = `?start=${new Date(T - 10 * 60_000).toISOString()}&stop=${new Date(T).toISOString()}`;

  before(async () => {
    fake = await startOpenStackFake({ transitionMs: 10, now: () => T });
    fake.addServer(fake.projectId, { name: 'web-01' });
    fake.addServer(fake.projectId, { name: 'web-02', flavorId: 'f-l' });
    fake.addServer(fake.otherProjectId, { name: 'their-db' });
    client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
  });
  after(() => fake.close());

  test('operations parse as Gnocchi parses them', () => {
    assert.deepEqual(parseOperations('(metric (cpu rate:mean) (memory.usage mean))'), [
      'metric',
      ['cpu', 'rate:mean'],
      ['memory.usage', 'mean'],
    ]);
    assert.deepEqual(parseOperations('(metric cpu mean)'), ['metric', 'cpu', 'mean']);
    assert.throws(() => parseOperations('(metric (cpu mean)'));
  });

  test('a search by resource answers resource id → metric → aggregation → [timestamp, granularity, value], coarsest first, stop excluded', async () => {
    const mine = fake.projects.get(fake.projectId)!;
    const res = await post(window, {
      resource_type: 'instance',
      search: { '=': { project_id: fake.projectId } },
      operations: '(metric (memory.usage mean) (disk.* mean))',
    });
    assert.deepEqual(Object.keys(res.data.measures).sort(), mine.map((s) => s.id).sort());
    const series = res.data.measures[mine[0]!.id];
    assert.deepEqual(Object.keys(series).sort(), ['disk.usage', 'memory.usage'], 'the wildcard matched disk.usage');
    const points: [string, number, number][] = series['memory.usage'].mean;
    assert.deepEqual([...new Set(points.map(([, g]) => g))], [3600, 300, 60], 'every granularity in common, coarsest first');
    const minutes = points.filter(([, g]) => g === 60).map(([at]) => Date.parse(at));
    assert.equal(minutes[0], T - 11 * 60_000 + 30_000, 'start rounded down to the granularity');
    assert.equal(minutes.at(-1), T - 30_000, 'up to but not including stop');
    assert.match(points[0]![0], /\+00:00$/);
  });

  test("an admin's search without a project reaches every project's instances: the search must say project_id", async () => {
    const all = await post(window, { resource_type: 'instance', search: {}, operations: '(metric memory.usage mean)' });
    const theirs = fake.projects.get(fake.otherProjectId)![0]!.id;
    assert.ok(theirs in all.data.measures, "Gnocchi's default policy lets an admin search everything");
    const own = await post(window, {
      resource_type: 'instance',
      search: {
        and: [{ '=': { project_id: fake.projectId } }, { in: { id: [theirs, ...fake.projects.get(fake.projectId)!.map((s) => s.id)] } }],
      },
      operations: '(metric memory.usage mean)',
    });
    assert.ok(!(theirs in own.data.measures));
    assert.equal(Object.keys(own.data.measures).length, 2);
  });

  test('groupby answers a list of {group, measures: {measures}}; details adds the resources', async () => {
    const res = await post(`${window}&groupby=id&details=true&granularity=60`, {
      resource_type: 'instance',
      search: { '=': { project_id: fake.projectId } },
      operations: '(metric cpu rate:mean)',
    });
    assert.equal(res.data.length, 2);
    for (const group of res.data) {
      assert.deepEqual(Object.keys(group.group), ['id']);
      assert.deepEqual(Object.keys(group.measures.measures), [group.group.id]);
      assert.equal(group.measures.references[0].id, group.group.id);
      assert.ok(group.measures.measures[group.group.id].cpu['rate:mean'].every(([, g]: [string, number]) => g === 60));
    }
  });

  test("Gnocchi's refusals: unknown metrics, an aggregation or granularity the archive policy lacks, a bad groupby, a bad filter", async () => {
    const search = { '=': { project_id: fake.projectId } };
    const unknown = await refusal(
      post(window, { resource_type: 'instance', search, operations: '(metric (notexists mean) (foobar mean))' }),
    );
    assert.equal(unknown.upstreamStatus, 404);
    assert.equal(unknown.message, "Metric ['foobar', 'notexists'] does not exist");
    const grouped = await refusal(
      post(`${window}&groupby=id`, { resource_type: 'instance', search, operations: '(metric notexists mean)' }),
    );
    assert.equal(grouped.upstreamStatus, 404);
    const aggregation = await refusal(post(window, { resource_type: 'instance', search, operations: '(metric cpu mean)' }));
    assert.equal(aggregation.upstreamStatus, 404);
    assert.match(aggregation.message, /Metrics with unknown aggregation/);
    const granularity = await refusal(
      post(`${window}&granularity=7`, { resource_type: 'instance', search, operations: '(metric memory.usage mean)' }),
    );
    assert.equal(granularity.upstreamStatus, 400);
    assert.match(granularity.message, /Granularities are missing/);
    const groupby = await refusal(
      post(`${window}&groupby=unit`, { resource_type: 'instance', search, operations: '(metric memory.usage mean)' }),
    );
    assert.match(groupby.message, /Sort key supplied is invalid: unit/);
    const filter = await refusal(
      post(window, {
        resource_type: 'instance',
        search: { '=': { project_id: 'x' }, in: { id: ['y'] } },
        operations: '(metric memory.usage mean)',
      }),
    );
    assert.equal(filter.upstreamStatus, 400);
    const type = await refusal(post(window, { resource_type: 'volume', search, operations: '(metric memory.usage mean)' }));
    assert.match(type.message, /Resource type volume does not exist/);
  });
});

describe('OpenStack usage in one call per project (currentMany)', () => {
  let fake: OpenStackFake;
  const make = () => {
    const client = new OpenStackClient({
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      userDomainName: 'Default',
      projectId: fake.projectId,
    });
    const compute = new OpenStackComputeProvider(client);
    return new OpenStackMetricsProvider(client, compute, { now: () => new Date(T) });
  };
  const gnocchiCalls = () => fake.requests.filter((r) => r.startsWith('POST /metric/') || r.startsWith('GET /metric/')).length;

  before(async () => {
    fake = await startOpenStackFake({ transitionMs: 10, now: () => T });
    for (let k = 0; k < 230; k++)
      fake.addServer(fake.projectId, { name: `node-${k}`, flavorId: ['f-s', 'f-m', 'f-l'][k % 3]!, load: 0.2 + (k % 7) / 10 });
    fake.addServer(fake.projectId, { name: 'stopped', status: 'SHUTOFF', vm_state: 'stopped' });
    fake.addServer(fake.otherProjectId, { name: 'their-db' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('gives every server the values current gives it, one by one', async () => {
    const metrics = make();
    const ids = fake.projects.get(fake.projectId)!.map((s) => s.id);
    const many = await metrics.currentMany(fake.projectId, ids);
    assert.equal(many.size, 230, 'every running server; the stopped one has no measures');
    for (const id of ids.filter((_, i) => i % 23 === 0 || i === 230)) {
      const one = await metrics.current(fake.projectId, id);
      assert.deepEqual(many.get(id) ?? {}, one, `server ${id}`);
    }
    const first = many.get(ids[0]!)!;
    assert.deepEqual(Object.keys(first).sort(), ['cpu', 'disk', 'memory']);
    assert.equal(first.cpu!.at, new Date(T - 30_000).toISOString(), 'the newest minute before now');
  });

  test("another project's server never appears, though the service user is admin", async () => {
    const metrics = make();
    const theirs = fake.projects.get(fake.otherProjectId)![0]!;
    const mine = fake.projects.get(fake.projectId)![0]!;
    const many = await metrics.currentMany(fake.projectId, [theirs.id, mine.id]);
    assert.deepEqual([...many.keys()], [mine.id]);
    assert.equal((await metrics.currentMany(fake.projectId, [theirs.id])).size, 0);
  });

  test('costs a listing and one aggregates query per 500 servers, whatever the number of servers and metrics', async () => {
    const metrics = make();
    const ids = fake.projects.get(fake.projectId)!.map((s) => s.id);
    await metrics.currentMany(fake.projectId, ids.slice(0, 1));
    fake.requests.length = 0;
    await metrics.currentMany(fake.projectId, ids);
    assert.deepEqual(
      fake.requests.filter((r) => !r.startsWith('GET /compute/v2.1/servers/detail')),
      ['POST /metric/v1/aggregates'],
      'one aggregates query besides the listing',
    );
    assert.equal(fake.requests.length, 1 + Math.ceil(ids.length / 100), 'the listing pages 100 at a time');
    assert.equal(gnocchiCalls(), 1);
  });

  test('servers Gnocchi has no resource for yet are no usage, not an error; a failing Gnocchi rejects', async () => {
    const metrics = make();
    const booting = fake.addServer(fake.otherProjectId, { name: 'booting', vm_state: 'building', status: 'BUILD' });
    fake.requests.length = 0;
    assert.equal((await metrics.currentMany(fake.otherProjectId, [booting.id])).size, 0);
    assert.ok(fake.requests.includes('POST /metric/v1/aggregates'), "asked, and Gnocchi's 404 read as no measures");
    fake.failGnocchi(1, {
      status: 503,
      body: { code: 503, title: 'Service Unavailable', description: 'The server is currently unavailable.' },
    });
    const err = await metrics
      .currentMany(
        fake.projectId,
        fake.projects.get(fake.projectId)!.map((s) => s.id),
      )
      .catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.upstreamStatus, 503);
  });
});
