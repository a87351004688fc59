import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import localPlugin from '../../../plugins/local/index.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { ADMIN_KEY, createTestHost, type TestHost } from '../../test/helpers.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const json = async (res: Response) => (await res.json()) as any;

/**
 * acme: db-01's backup tooling stopped reporting runs three weeks ago, but the storage took a
 * good snapshot two hours ago (what the customer's dr-protection view shows); web-01's last
 * snapshot is 30 hours old on a daily tier; web-01's CPU hit its limit yesterday.
 * globex: a certificate that expires in 5 days and a contract that renews in 10.
 * initech: nothing to say.
 */
describe("the account manager's book", () => {
  let host: TestHost;
  let staff: string;
  const cloud = new MemoryCompute();

  before(async () => {
    cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
    cloud.addServer('proj-acme', { id: 'a2', name: 'db-01' });
    cloud.addServer('proj-globex', { id: 'g1', name: 'app-01' });
    host = await createTestHost({ now: () => NOW, plugins: [localPlugin, cloud.plugin()], eventsMs: 0 });
    const admin = async (method: string, path: string, body: unknown) => {
      const res = await host.request(method, path, { token: ADMIN_KEY, body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    };
    for (const [id, name, scope] of [
      ['acme', 'Acme', 'proj-acme'],
      ['globex', 'Globex', 'proj-globex'],
      ['initech', 'Initech', 'proj-initech'],
    ]) {
      await admin('PUT', `/api/v1/tenants/${id}`, {
        data: { type: 'tenants', attributes: { name, computeAccounts: [{ source: 'memcloud', scope }] } },
      });
    }
    await admin('PUT', '/api/v1/catalog/vps-s', {
      data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 2000 } },
    });
    await admin('PUT', '/api/v1/catalog/ssl-dv', {
      data: { type: 'catalog-items', attributes: { product: 'ssl', kind: 'plan', name: 'SSL DV', currency: 'EUR', monthlyAmount: 500 } },
    });
    await admin('PUT', '/api/v1/catalog/dr-daily', {
      data: {
        type: 'catalog-items',
        attributes: { product: '*', kind: 'addon', name: 'Daily snapshots', currency: 'EUR', monthlyAmount: 900 },
      },
    });
    await admin('PUT', '/api/v1/protection/tiers/dr-daily', {
      data: { type: 'protection-tiers', attributes: { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7 } },
    });
    for (const [id, name] of [
      ['memcloud:a1', 'web-01'],
      ['memcloud:a2', 'db-01'],
    ]) {
      await admin('PUT', `/api/v1/tenants/acme/service-plans/${id}`, {
        data: {
          type: 'service-plans',
          attributes: {
            serviceName: name,
            planId: 'vps-s',
            anchorDay: 1,
            startedOn: '2026-01-01',
            renewsOn: '2027-06-01',
            addons: [{ id: 'dr-daily', monthlyAmount: 900 }],
          },
        },
      });
    }
    // The backup tooling's weekly runs of db-01, reported until three weeks ago: a rhythm that "stopped".
    for (let weeks = 12; weeks >= 3; weeks--) {
      await admin('PUT', `/api/v1/tenants/acme/backup-runs/w${weeks}`, {
        data: {
          type: 'backup-runs',
          attributes: { serviceId: 'memcloud:a2', serviceName: 'db-01', startedAt: ago(weeks * 7 * DAY), status: 'ok' },
        },
      });
    }
    // What the storage holds: db-01 fresh, web-01 30 hours old.
    const snapshot = (id: string, serverId: string, takenAt: string) =>
      admin('PUT', `/api/v1/tenants/acme/snapshots/${id}`, {
        data: { type: 'protection-snapshots', attributes: { serverId, name: 'nightly', takenAt, state: 'ok' } },
      });
    await snapshot('db-fresh', 'memcloud:a2', ago(2 * 3600_000));
    await snapshot('web-old', 'memcloud:a1', ago(30 * 3600_000));
    const hour = (ms: number) => Math.floor((NOW.getTime() - ms) / 1000);
    await host.services.usage.store.record([
      { tenant: 'acme', serverId: 'memcloud:a1', metric: 'cpu', at: hour(90 * DAY), value: 20 },
      { tenant: 'acme', serverId: 'memcloud:a1', metric: 'cpu', at: hour(DAY), value: 100 },
    ]);
    const inDays = (n: number) => new Date(NOW.getTime() + n * DAY).toISOString().slice(0, 10);
    await admin('PUT', '/api/v1/tenants/globex/service-plans/cert', {
      data: {
        type: 'service-plans',
        attributes: {
          serviceName: 'shop.globex.example',
          kind: 'certificate',
          planId: 'ssl-dv',
          anchorDay: 1,
          startedOn: '2025-11-29',
          renewsOn: inDays(5),
        },
      },
    });
    await admin('PUT', '/api/v1/tenants/globex/service-plans/memcloud:g1', {
      data: {
        type: 'service-plans',
        attributes: { serviceName: 'app-01', planId: 'vps-s', anchorDay: 4, startedOn: '2025-12-04', renewsOn: inDays(10) },
      },
    });
    staff = await host.token('acme', ['staff', 'operator']);
  });
  after(() => host.close());

  const book = async () => {
    const res = await host.request('GET', '/api/v1/account-book?timeZone=Europe/Berlin', { token: staff });
    assert.equal(res.status, 200, await res.clone().text());
    return (await json(res)).data as {
      id: string;
      attributes: {
        name: string;
        urgency: string;
        hints: { rule: string; severity: string; params: Record<string, string | number>; link: { kind: string; id: string } | null }[];
      };
    }[];
  };

  it('lists every account with its hints, most urgent first, each hint linking to its evidence', async () => {
    const entries = await book();
    assert.deepEqual(
      entries.map((e) => [
        e.id,
        e.attributes.urgency,
        e.attributes.hints.map((h) => `${h.severity}:${h.rule}:${h.link?.kind}:${h.link?.id}`),
      ]),
      [
        ['globex', 'critical', ['critical:certificate_expiring:service:cert', 'critical:renewal_due:service:memcloud:g1']],
        ['acme', 'critical', ['critical:backups_stopped:protection:memcloud:a1', 'warning:usage_at_limit:server:memcloud:a1']],
        ['initech', 'calm', []],
      ],
    );
    const renewal = entries[0]!.attributes.hints[1]!;
    assert.deepEqual(renewal.params, { name: 'app-01', renewsOn: '2026-12-04', days: 10 });
  });

  it("says backups stopped exactly where the customer's protection view says the snapshot is late, with the same snapshot time", async () => {
    const customer = await host.token('acme', ['customer']);
    const servers = (await json(await host.request('GET', '/api/v1/protection/servers', { token: customer }))).data as {
      id: string;
      attributes: { serverName: string; recovery: { status: string; reasons: string[]; lastGoodSnapshotAt: string | null } };
    }[];
    const hints = (await book()).find((e) => e.id === 'acme')!.attributes.hints.filter((h) => h.rule === 'backups_stopped');
    assert.equal(servers.length, 2);
    for (const s of servers) {
      const hint = hints.find((h) => h.link?.id === s.id);
      const late = s.attributes.recovery.reasons.includes('snapshot_late');
      assert.equal(
        !!hint,
        late,
        `${s.attributes.serverName}: customer sees ${s.attributes.recovery.status}, the book ${hint ? 'says stopped' : 'is silent'}`,
      );
      if (hint) assert.equal(hint.params.lastRun, s.attributes.recovery.lastGoodSnapshotAt);
    }
    // db-01's reported runs did stop, but the storage holds a snapshot two hours old: no hint.
    assert.equal(servers.find((s) => s.attributes.serverName === 'db-01')!.attributes.recovery.status, 'within');
    assert.ok(!hints.some((h) => h.params.service === 'db-01'));
    assert.equal(hints.find((h) => h.params.service === 'web-01')!.params.ageMinutes, 30 * 60);
  });

  it('spans tenants, so it is for the operator role only (a staff token acts within its tenant); a bad time zone is a JSON:API error', async () => {
    assert.equal(
      (await host.request('GET', '/api/v1/account-book', { token: await host.token('acme', ['customer', 'billing', 'technical']) })).status,
      403,
    );
    const withinAcme = await host.request('GET', '/api/v1/account-book', { token: await host.token('acme', ['staff']) });
    assert.equal(withinAcme.status, 403);
    assert.match(((await withinAcme.json()) as any).errors[0].detail, /"operator" role/);
    const bad = await host.request('GET', '/api/v1/account-book?timeZone=Mars/Base', { token: staff });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).errors[0].source.parameter, 'timeZone');
  });
});
