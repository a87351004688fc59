import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alertsAboveBaseline,
  backupsStopped,
  certificatesExpiring,
  invoicesOverdue,
  protectionBackupsStopped,
  renewalsDue,
  ticketSurge,
  usageAtLimit,
} from './hints.js';

const DAY = 86_400_000;
const asOf = new Date('2026-11-24T12:00:00Z');
const ago = (days: number) => new Date(asOf.getTime() - days * DAY);
const weekly = (from: number, to: number, ok = true) =>
  Array.from({ length: Math.floor((from - to) / 7) + 1 }, (_, i) => ({
    at: ago(from - i * 7),
    ok,
    serviceId: 'db-01',
    serviceName: 'db-01',
  }));

describe('hint: backups stopped', () => {
  it('speaks when a weekly rhythm stopped two weeks ago', () => {
    const [hint, ...rest] = backupsStopped(weekly(84, 14), asOf);
    assert.equal(rest.length, 0);
    assert.equal(hint!.rule, 'backups_stopped');
    assert.deepEqual([hint!.params.every, hint!.params.days, hint!.params.service], [7, 14, 'db-01']);
    assert.match(hint!.detail, /last good run was 14 days ago; they usually run every 7 days/);
  });
  it('stays silent while the rhythm holds, even a few days late', () => {
    assert.deepEqual(backupsStopped(weekly(84, 0), asOf), []);
    assert.deepEqual(backupsStopped(weekly(79, 9), asOf), [], '9 days is within one and a half weeks');
  });
  it('stays silent without a rhythm: too few runs, or irregular ones', () => {
    assert.deepEqual(backupsStopped(weekly(35, 21), asOf), [], 'three runs are no rhythm');
    const irregular = [90, 80, 52, 50, 20].map((d) => ({ at: ago(d), ok: true, serviceId: 'x', serviceName: 'x' }));
    assert.deepEqual(backupsStopped(irregular, asOf), []);
  });
  it('counts only good runs: failures after the last good one do not hide the silence', () => {
    const runs = [...weekly(84, 21), ...weekly(14, 0, false)];
    assert.equal(backupsStopped(runs, asOf)[0]!.params.days, 21);
  });
  it('judges as of the end of an earlier month, ignoring later runs', () => {
    const runs = [...weekly(84, 35), ...weekly(7, 0)];
    assert.equal(backupsStopped(runs, ago(10)).length, 1, 'at that time they had stopped');
    assert.equal(backupsStopped(runs, asOf).length, 0, 'they run again now');
  });
});

describe('hint: alerts above the baseline', () => {
  it('speaks when alerts are well above the previous months', () => {
    const [hint] = alertsAboveBaseline(9, [2, 1, 3]);
    assert.deepEqual(hint!.params, { count: 9, baseline: 2, months: 3 });
  });
  it('stays silent near the baseline, for few alerts, or without two monitored months before', () => {
    assert.deepEqual(alertsAboveBaseline(5, [2, 2, 2]), [], '5 < 2×2+2');
    assert.deepEqual(alertsAboveBaseline(2, [0, 0, 0]), [], 'two alerts are no surge');
    assert.deepEqual(alertsAboveBaseline(20, [1]), [], 'one month is no baseline');
    assert.deepEqual(alertsAboveBaseline(20, []), []);
  });
});

describe('hint: ticket surge', () => {
  const history = Array.from({ length: 8 }, (_, i) => ago(10 + i * 7)); // one a week
  it('speaks for a burst well above the weekly average', () => {
    const [hint] = ticketSurge([...history, ago(1), ago(2), ago(3), ago(4)], asOf);
    assert.deepEqual(hint!.params, { count: 4, weekly: 1 });
  });
  it('stays silent for a normal week, and without four weeks of history', () => {
    assert.deepEqual(ticketSurge([...history, ago(1)], asOf), []);
    assert.deepEqual(ticketSurge([ago(1), ago(2), ago(3), ago(5)], asOf), [], 'a new customer has no baseline');
  });
});

describe('hint: overdue invoices and expiring certificates', () => {
  it('counts overdue invoices and names the oldest, critical after a month', () => {
    const hints = invoicesOverdue(
      [
        { id: 'a', number: 'INV-1', dueOn: '2026-11-20', amountDue: 100, currency: 'EUR', status: 'overdue' },
        { id: 'b', number: 'INV-2', dueOn: '2026-10-01', amountDue: 100, currency: 'EUR', status: 'open' },
        { id: 'c', number: 'INV-3', dueOn: '2026-10-01', amountDue: 0, currency: 'EUR', status: 'paid' },
        { id: 'd', number: 'INV-4', dueOn: '2026-12-01', amountDue: 100, currency: 'EUR', status: 'open' },
      ],
      '2026-11-24',
    );
    assert.deepEqual(
      hints.map((h) => [h.params.count, h.params.number, h.params.days, h.severity]),
      [[2, 'INV-2', 54, 'critical']],
    );
    assert.match(hints[0]!.detail, /2 invoices are overdue; the oldest, INV-2, by 54 days/);
    const one = invoicesOverdue(
      [{ id: 'a', number: 'INV-1', dueOn: '2026-11-20', amountDue: 100, currency: 'EUR', status: 'overdue' }],
      '2026-11-24',
    );
    assert.deepEqual([one[0]!.severity, one[0]!.detail], ['warning', 'Invoice INV-1 is 4 days overdue.']);
    assert.deepEqual(invoicesOverdue([], '2026-11-24'), [], 'silent when everything is paid');
  });
  it('warns 30 days ahead, critical in the last week, and says when one expired', () => {
    const hints = certificatesExpiring(
      [
        { serviceId: 'a', name: 'shop.acme.example', expiresOn: '2026-12-05' },
        { serviceId: 'b', name: 'www.acme.example', expiresOn: '2027-06-01' },
        { serviceId: 'c', name: 'old.acme.example', expiresOn: '2026-11-20' },
      ],
      '2026-11-24',
    );
    assert.deepEqual(
      hints.map((h) => [h.params.name, h.params.days, h.severity]),
      [
        ['shop.acme.example', 11, 'warning'],
        ['old.acme.example', -4, 'critical'],
      ],
    );
    assert.match(hints[1]!.detail, /expired 4 days ago/);
  });
});

describe('hint: backups stopped, by the protection measurement', () => {
  const tier = { name: 'Daily', snapshotEveryMinutes: 1440 };
  const server = (late: boolean, age: number | null) => ({
    serverId: 'memcloud:a1',
    serverName: 'web-01',
    tier,
    lastGoodSnapshotAt: age == null ? null : ago(age / 1440).toISOString(),
    snapshotAgeMinutes: age,
    late,
  });
  it('speaks only when the measurement says the snapshot is late, and links to the protection view', () => {
    const [hint] = protectionBackupsStopped([server(true, 1800)]);
    assert.deepEqual(
      [hint!.params.ageMinutes, hint!.params.everyMinutes, hint!.params.days, hint!.link],
      [1800, 1440, 1, { kind: 'protection', id: 'memcloud:a1' }],
    );
    assert.match(hint!.detail, /last good snapshot is 30 h old; the Daily tier takes one every 24 h/);
    assert.deepEqual(protectionBackupsStopped([server(false, 120)]), [], 'a fresh snapshot: silence');
    assert.deepEqual(protectionBackupsStopped([server(true, null)]), [], 'never backed up is not "stopped"');
    assert.deepEqual(protectionBackupsStopped([{ ...server(true, 1800), tier: null }]), [], 'no tier, no promise to break');
  });
});

describe('hint: renewal due', () => {
  it('names contracts renewing within 60 days, critical within 14; certificates and domains have their own rule', () => {
    const plans = [
      { serviceId: 's1', name: 'web-01', kind: 'server', renewsOn: '2026-12-04' },
      { serviceId: 's2', name: 'db-01', kind: 'server', renewsOn: '2027-01-13' },
      { serviceId: 's3', name: 'far', kind: 'server', renewsOn: '2027-06-01' },
      { serviceId: 's4', name: 'cert', kind: 'certificate', renewsOn: '2026-12-01' },
    ];
    assert.deepEqual(
      renewalsDue(plans, '2026-11-24').map((h) => [h.params.name, h.params.days, h.severity]),
      [
        ['web-01', 10, 'critical'],
        ['db-01', 50, 'warning'],
      ],
    );
  });
});

describe('hint: usage at its limit', () => {
  it('one hint per server and metric over the last seven days, counting episodes', () => {
    const alert = (daysAgo: number, metric = 'cpu') => ({
      at: ago(daysAgo),
      serverId: 'memcloud:a1',
      serverName: 'web-01',
      metric,
      title: `${metric} at its limit on web-01`,
    });
    const hints = usageAtLimit([alert(1), alert(3), alert(9), alert(2, 'memory')], asOf);
    assert.deepEqual(
      hints.map((h) => [h.params.metric, h.params.count, h.params.server, h.link?.id]),
      [
        ['cpu', 2, 'web-01', 'memcloud:a1'],
        ['memory', 1, 'web-01', 'memcloud:a1'],
      ],
    );
    assert.deepEqual(usageAtLimit([alert(8)], asOf), []);
  });
});
