import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusNotice, StatusProvider } from '../ports/status-provider.js';
import { ValidationError } from '../errors.js';

/**
 * What a StatusProvider's conformance run needs: the provider and a world (the plugin's fake)
 * seeded before the run with at least one component, an unresolved incident with two or more
 * updates, an upcoming maintenance, and an incident that was resolved.
 */
export interface StatusConformanceSubject {
  provider: StatusProvider;
  /** Titles of the seeded notices. */
  unresolvedTitle: string;
  maintenanceTitle: string;
  resolvedTitle: string;
  close?(): Promise<void>;
}

const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
const NOTICE_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
];
const DONE = ['resolved', 'postmortem', 'completed'];
const IMPACTS = ['none', 'maintenance', 'minor', 'major', 'critical'];

/** An ISO 8601 instant in UTC as `Date#toISOString` writes it: compares and sorts as a string. */
function assertInstant(value: string | null, what: string): void {
  if (value === null) return;
  assert.equal(typeof value, 'string', `${what} is not a string`);
  assert.ok(!Number.isNaN(Date.parse(value)), `${what} is not a date: ${value}`);
  assert.equal(
    new Date(value).toISOString(),
    value,
    `${what} is not a UTC instant (${value}): providers that write local offsets must convert`,
  );
}

/**
 * The behaviour every StatusProvider owes the host, as a `node:test` suite: components with
 * unique ids and known statuses; only current or coming notices (nothing resolved); every
 * timestamp a UTC instant (the host sorts and compares them as strings); updates newest
 * first; maintenance with its window; webhooks that are not the provider's refused with a
 * ValidationError (where `acceptWebhook` is implemented). Run it against the plugin's fake.
 */
export function statusProviderConformance(name: string, setup: () => Promise<StatusConformanceSubject>): void {
  describe(`StatusProvider conformance: ${name}`, () => {
    let s: StatusConformanceSubject;
    let notices: StatusNotice[];
    before(async () => {
      s = await setup();
      notices = await s.provider.listNotices();
    });
    after(async () => {
      await s?.close?.();
    });
    const titled = (title: string) => {
      const notice = notices.find((n) => n.title === title);
      assert.ok(notice, `${name}: "${title}" is not listed (listed: ${notices.map((n) => n.title).join(', ')})`);
      return notice;
    };

    test('components have unique ids, names and known statuses', async () => {
      const components = await s.provider.listComponents();
      assert.ok(components.length > 0, 'no components listed');
      assert.equal(new Set(components.map((c) => c.id)).size, components.length, 'component ids repeat');
      for (const c of components) {
        assert.ok(c.id && c.name, `component without id or name: ${JSON.stringify(c)}`);
        assert.ok(COMPONENT_STATUSES.includes(c.status), `unknown component status ${c.status}`);
        assert.ok(c.groupId === null || typeof c.groupId === 'string');
      }
    });

    test('lists what is current or coming, never what is resolved; ids unique; known statuses and impacts', () => {
      assert.equal(new Set(notices.map((n) => n.id)).size, notices.length, 'notice ids repeat');
      assert.ok(!notices.some((n) => n.title === s.resolvedTitle), 'a resolved incident is listed');
      for (const n of notices) {
        assert.ok(!DONE.includes(n.status), `"${n.title}" is ${n.status} and still listed`);
        assert.ok(NOTICE_STATUSES.includes(n.status), `unknown notice status ${n.status}`);
        assert.ok(IMPACTS.includes(n.impact), `unknown impact ${n.impact}`);
        assert.ok(Array.isArray(n.componentIds));
      }
      assert.equal(titled(s.unresolvedTitle).kind, 'incident');
    });

    test('every timestamp is a UTC instant, updates are newest first', () => {
      for (const n of notices) {
        for (const [field, value] of Object.entries({
          createdAt: n.createdAt,
          updatedAt: n.updatedAt,
          resolvedAt: n.resolvedAt,
          scheduledFor: n.scheduledFor,
          scheduledUntil: n.scheduledUntil,
        })) {
          assertInstant(value, `"${n.title}" ${field}`);
        }
        for (const u of n.updates) assertInstant(u.at, `"${n.title}" update ${u.id}`);
        const times = n.updates.map((u) => u.at);
        assert.deepEqual(times, [...times].sort().reverse(), `"${n.title}": updates are not newest first`);
        assert.ok(n.updatedAt >= n.createdAt, `"${n.title}" was updated before it was created`);
      }
      assert.ok(titled(s.unresolvedTitle).updates.length >= 2, 'the seeded incident shows fewer than two updates');
    });

    test('maintenance carries its window, start before end', () => {
      const maintenance = titled(s.maintenanceTitle);
      assert.equal(maintenance.kind, 'maintenance');
      assert.ok(maintenance.scheduledFor && maintenance.scheduledUntil, 'maintenance without its window');
      assert.ok(Date.parse(maintenance.scheduledFor) < Date.parse(maintenance.scheduledUntil), 'maintenance ends before it starts');
    });

    test('a webhook payload that is not the provider’s is refused with a ValidationError', (t) => {
      if (!s.provider.acceptWebhook) return t.skip(`${name} takes no webhooks`);
      for (const payload of [null, 'text', {}, { incident: 'nope' }, { component_update: {} }]) {
        assert.throws(() => s.provider.acceptWebhook!(payload), ValidationError, `accepted ${JSON.stringify(payload)}`);
      }
    });
  });
}
