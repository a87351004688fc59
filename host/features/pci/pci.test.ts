import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPciContent } from './content.js';
import { ADMIN_KEY, collect, createTestHost, dialectName, seedTwoTenants, type TestHost } from '../../test/helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const patch = (host: TestHost, token: string, item: string, attributes: Record<string, unknown>) =>
  host.request('PATCH', `/api/v1/pci/items/${item}`, { token, body: { data: { type: 'pci-items', attributes } } });
const find = (doc: any, id: string) => doc.data.flatMap((r: any) => r.attributes.items).find((i: any) => i.id === id);

describe('PCI DSS checklist', () => {
  let host: TestHost;
  let customer: string;

  before(async () => {
    host = await createTestHost();
    await seedTwoTenants(host);
    customer = await host.token('acme', ['customer']);
  });
  after(() => host.close());

  it('starts with every item open, twelve requirements, progress at zero', async () => {
    const doc = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.equal(doc.data.length, 12);
    assert.equal(doc.meta.version, '4.0.1');
    assert.deepEqual([doc.meta.progress.done, doc.meta.progress.total], [0, 48]);
    const item = find(doc, '8.3.6');
    assert.deepEqual([item.status, item.responsibility, item.changedSinceReview], ['not_started', 'customer', false]);
    const de = await json(await host.request('GET', '/api/v1/pci/checklist?lang=de', { token: customer }));
    assert.equal(de.data[0].attributes.title, 'Netzwerksicherheitskontrollen installieren und pflegen');
  });

  it('saves status, owner and evidence, counts progress, and keeps the history', async () => {
    const res = await patch(host, customer, '8.3.6', {
      status: 'in_place',
      owner: 'Dana (IT)',
      evidenceNotes: 'Policy set in AD and shop admin',
      evidenceLinks: ['https://wiki.acme.example/pw-policy'],
    });
    assert.equal(res.status, 200, await res.clone().text());
    const saved = (await json(res)).data.attributes;
    assert.equal(saved.status, 'in_place');
    assert.equal(saved.reviewedAt, null, 'an edit is not a review of the item');
    assert.equal(saved.updatedBy, 'user@acme.example');
    const na = await patch(host, customer, '12.8.1', { status: 'not_applicable', reason: 'No third parties touch card data.' });
    assert.equal(na.status, 200, await na.clone().text());
    const doc = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.deepEqual([doc.meta.progress.done, doc.meta.progress.total], [2, 48]);
    const eight = doc.data.find((r: any) => r.id === '8').attributes.progress;
    assert.deepEqual([eight.done, eight.total], [1, 5]);
    const twelve = doc.data.find((r: any) => r.id === '12').attributes.progress;
    assert.equal(twelve.done, 1, 'not applicable counts as done');
    const history = await json(await host.request('GET', '/api/v1/pci/items/8.3.6/history', { token: customer }));
    assert.equal(history.data.length, 1);
    assert.deepEqual(history.data[0].attributes.changes.status, { from: 'not_started', to: 'in_place' });
    assert.equal(history.data[0].attributes.actor, 'user@acme.example');
    const globex = await json(await host.request('GET', '/api/v1/pci/checklist', { token: await host.token('globex', ['customer']) }));
    assert.equal(globex.meta.progress.done, 0, "acme's progress is acme's");
  });

  it('refuses a not-applicable without a reason, unsafe links, unknown items and the wrong role', async () => {
    const na = await patch(host, customer, '1.2.1', { status: 'not_applicable' });
    assert.equal(na.status, 422);
    const naError = (await json(na)).errors[0];
    assert.equal(naError.source.pointer, '/data/attributes/reason');
    assert.match(naError.detail, /Say why this requirement does not apply/);
    const reasonElsewhere = await patch(host, customer, '1.2.1', { status: 'in_progress', reason: 'We think it does not apply' });
    assert.equal(reasonElsewhere.status, 422, 'a reason belongs to not applicable only');
    assert.equal((await json(reasonElsewhere)).errors[0].source.pointer, '/data/attributes/reason');
    const providers = await patch(host, customer, '1.4.1', { status: 'in_place' });
    assert.equal(providers.status, 422, "the provider's own item is attested, not set by the customer");
    assert.match((await json(providers)).errors[0].detail, /provider's responsibility/);
    assert.equal((await patch(host, customer, '1.2.1', { evidenceLinks: ['javascript:alert(1)'] })).status, 422);
    assert.equal((await patch(host, customer, '1.2.1', { status: 'done' })).status, 422);
    assert.equal((await patch(host, customer, '99.1', { status: 'in_place' })).status, 404);
    assert.equal((await patch(host, await host.token('acme', ['technical']), '1.2.1', { status: 'in_place' })).status, 403);
    const unchanged = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.equal(find(unchanged, '1.2.1').status, 'not_started', 'nothing was written');
  });

  it('exports CSV for an assessor, with formulas defused', async () => {
    await patch(host, customer, '12.1.1', { status: 'in_progress', owner: '=HYPERLINK("http://evil")' });
    const res = await host.request('GET', '/api/v1/pci/checklist.csv', { token: customer });
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const text = await res.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.equal(lines.length, 49);
    assert.match(lines[0]!, /^Requirement,Item,Title,Responsibility,SAQ,Status,Why it does not apply,Owner/);
    const row = lines.find((l) => l.startsWith('12,12.1.1,'))!;
    assert.match(row, /,Customer,[^,]*,In progress,,"'=HYPERLINK\(""http:\/\/evil""\)",/);
    assert.doesNotMatch(text, /in_place|in_progress|not_started|not_applicable/, 'words, not codes');
    assert.match(
      lines.find((l) => l.startsWith('12,12.8.1,'))!,
      /,Not applicable,No third parties touch card data\.,/,
    );
    const de = (await (await host.request('GET', '/api/v1/pci/checklist.csv?lang=de', { token: customer })).text())
      .replace(/^\ufeff/, '')
      .split('\r\n');
    assert.match(de[0]!, /^Anforderung,Punkt,Titel,Verantwortung,SAQ,Status,Warum es nicht zutrifft/);
    assert.match(
      de.find((l) => l.startsWith('12,12.1.1,'))!,
      /,Kunde,[^,]*,In Arbeit,/,
    );
  });

  it('flags items whose text changed in a new revision, tells the tenant, and clears on review', async () => {
    const stream = collect(host, 'pci');
    const next = structuredClone(loadPciContent()) as any;
    next.revision = '2025-03-r2';
    next.requirements[7].items.find((i: any) => i.id === '8.3.6').fix.en += ' Passphrases count.';
    const loaded = await host.request('PUT', '/api/v1/pci/content', {
      token: ADMIN_KEY,
      body: next,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(loaded.status, 200, await loaded.clone().text());
    assert.deepEqual((await json(loaded)).data.attributes.changed, ['8.3.6']);
    await stream.until((e) => e.some((x) => x.tenant === 'acme' && x.data.changed?.includes('8.3.6')));
    assert.ok(!stream.events.some((x) => x.tenant === 'globex' && x.data.changed), 'globex never reviewed it');
    const doc = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.equal(doc.meta.revision, '2025-03-r2');
    assert.equal(find(doc, '8.3.6').changedSinceReview, true);
    assert.equal(find(doc, '12.8.1').changedSinceReview, false);
    await patch(host, customer, '8.3.6', { reviewed: true });
    assert.equal(
      find(await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer })), '8.3.6').changedSinceReview,
      false,
    );
    const bad = structuredClone(next);
    bad.requirements.pop();
    const refused = await host.request('PUT', '/api/v1/pci/content', {
      token: ADMIN_KEY,
      body: bad,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(refused.status, 422);
    assert.match((await json(refused)).errors[0].detail, /twelve requirements, not 11/);
  });

  it(
    'keeps progress across a restart',
    { skip: dialectName === 'postgres' ? 'the PostgreSQL suite keeps its data in the server' : false },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gp-pci-'));
      try {
        const file = join(dir, 'gp.db');
        const first = await createTestHost({ database: file });
        await seedTwoTenants(first);
        await patch(first, await first.token('acme', ['customer']), '3.3.1', { status: 'in_place' });
        await first.close();
        const second = await createTestHost({ database: file });
        const doc = await json(await second.request('GET', '/api/v1/pci/checklist', { token: await second.token('acme', ['customer']) }));
        assert.equal(find(doc, '3.3.1').status, 'in_place');
        assert.equal(doc.meta.progress.done, 1);
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('PCI checklist as a workflow: attestations, reviews, activity', () => {
  let host: TestHost;
  let customer: string;
  let staff: string;
  let at = Date.parse('2026-03-02T09:00:00.000Z');
  /** A clock the test moves, so "after the review" never depends on how fast the machine is. */
  const tick = () => (at += 60_000);

  before(async () => {
    host = await createTestHost({ now: () => new Date(at), orders: { providerName: 'Nimbus Hosting' } });
    await seedTwoTenants(host);
    customer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff'], { user: 'sam@nimbus.example' });
  });
  after(() => host.close());

  const attest = (token: string, item: string, attributes: Record<string, unknown>) =>
    host.request('PUT', `/api/v1/pci/items/${item}/attestation`, { token, body: { data: { type: 'pci-attestations', attributes } } });
  const checklist = async (token = customer) => json(await host.request('GET', '/api/v1/pci/checklist', { token }));
  const activity = async () =>
    (await json(await host.request('GET', '/api/v1/activity?filter[kind]=pci', { token: customer }))).data.map((e: any) => e.attributes);

  it("lets the provider's staff attest provider and shared items, never the customer", async () => {
    const refused = await attest(customer, '1.4.1', { note: 'We do it ourselves' });
    assert.equal(refused.status, 403);
    assert.match((await json(refused)).errors[0].detail, /customers cannot attest/);
    assert.equal((await checklist()).data[0].attributes.items.find((i: any) => i.id === '1.4.1').attestation, null, 'nothing was written');

    tick();
    const res = await attest(staff, '1.4.1', {
      note: 'Edge firewalls and VLAN separation of the platform, reviewed quarterly.',
      evidenceLink: 'https://trust.nimbus.example/aoc-2026.pdf',
    });
    assert.equal(res.status, 200, await res.clone().text());
    const row = await host.services.db
      .selectFrom('pci_attestations')
      .selectAll()
      .where('tenant_id', '=', 'acme')
      .where('item_id', '=', '1.4.1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.attested_by, row.attested_at, row.evidence_link],
      ['sam@nimbus.example', '2026-03-02T09:01:00.000Z', 'https://trust.nimbus.example/aoc-2026.pdf'],
    );
    const item = find(await checklist(), '1.4.1');
    assert.deepEqual(item.attestation, {
      provider: 'Nimbus Hosting',
      attestedBy: 'sam@nimbus.example',
      attestedAt: '2026-03-02T09:01:00.000Z',
      note: 'Edge firewalls and VLAN separation of the platform, reviewed quarterly.',
      evidenceLink: 'https://trust.nimbus.example/aoc-2026.pdf',
      locale: 'en',
    });
    assert.equal(item.status, 'in_place', 'an attested provider item is in place');
    assert.equal(
      find(await checklist(await host.token('globex', ['customer'])), '1.4.1').attestation,
      null,
      "acme's attestation is acme's",
    );

    const operator = await host.token('acme', ['operator'], { user: 'ops@nimbus.example' });
    tick();
    assert.equal(
      (await attest(operator, '1.2.1', { note: 'Platform firewall standard v3 applies to the edge.' })).status,
      200,
      'operators attest too; shared items take an attestation',
    );
    const shared = find(await checklist(), '1.2.1');
    assert.equal(shared.status, 'not_started', "a shared item's status stays the customer's");
    assert.equal(shared.attestation.attestedBy, 'ops@nimbus.example');
    const own = await attest(staff, '8.3.6', { note: 'x' });
    assert.equal(own.status, 422, "the customer's own items are not attested");
    assert.equal((await attest(staff, '1.4.1', { note: '  ' })).status, 422, 'an attestation says what the provider does');

    const entries = await activity();
    assert.deepEqual(
      entries.map((e: any) => [e.action, e.target, e.user]),
      [
        ['pci.attested', '1.2.1', 'ops@nimbus.example'],
        ['pci.attested', '1.4.1', 'sam@nimbus.example'],
      ],
    );
  });

  it('records a review; afterwards "changed since my review" means changed after it', async () => {
    tick();
    await patch(host, customer, '3.3.1', { status: 'in_progress' });
    tick();
    const before = await checklist();
    assert.equal(before.meta.lastReview, null);
    assert.ok(
      !before.data.flatMap((r: any) => r.attributes.items).some((i: any) => i.changedSinceReview),
      'nothing changed since a review that never was',
    );

    assert.equal((await host.request('POST', '/api/v1/pci/reviews', { token: await host.token('acme', ['technical']) })).status, 403);
    const reviewed = await host.request('POST', '/api/v1/pci/reviews', { token: customer });
    assert.equal(reviewed.status, 201, await reviewed.clone().text());
    const rows = await host.services.db.selectFrom('pci_reviews').selectAll().where('tenant_id', '=', 'acme').execute();
    const reviewedAt = new Date(at).toISOString();
    assert.deepEqual(
      rows.map((r) => [r.reviewed_by, r.reviewed_at]),
      [['user@acme.example', reviewedAt]],
    );
    const after = await checklist();
    assert.deepEqual(after.meta.lastReview, { reviewedBy: 'user@acme.example', reviewedAt, revision: after.meta.revision });
    assert.deepEqual(
      after.data.flatMap((r: any) => r.attributes.items).filter((i: any) => i.changedSinceReview),
      [],
    );

    tick();
    await patch(host, customer, '8.4.2', { owner: 'Dana (IT)' });
    tick();
    await attest(staff, '9.2.1', { note: 'Data centre access control, ISO 27001 certified.' });
    const changed = (await checklist()).data.flatMap((r: any) => r.attributes.items).filter((i: any) => i.changedSinceReview);
    assert.deepEqual(
      changed.map((i: any) => i.id),
      ['8.4.2', '9.2.1'],
      "the customer's change and the provider's attestation, nothing else",
    );

    tick();
    await patch(host, customer, '8.4.2', { reviewed: true });
    assert.deepEqual(
      (await checklist()).data
        .flatMap((r: any) => r.attributes.items)
        .filter((i: any) => i.changedSinceReview)
        .map((i: any) => i.id),
      ['9.2.1'],
      'marking one item as reviewed takes it off the list',
    );
    assert.equal(find(await checklist(), '8.4.2').owner, 'Dana (IT)', 'a review changes nothing else');

    const entries = await activity();
    assert.deepEqual(
      entries.slice(0, 4).map((e: any) => [e.action, e.target]),
      [
        ['pci.attested', '9.2.1'],
        ['pci.reviewed', 'checklist'],
        ['pci.status_changed', '3.3.1'],
        ['pci.attested', '1.2.1'],
      ],
    );
    assert.deepEqual(entries[2].detail, { from: 'not_started', to: 'in_progress' });
    assert.equal(entries[2].user, 'user@acme.example');
  });

  it('records who marked an item not applicable and why, and clears the reason when it applies again', async () => {
    tick();
    assert.equal(
      (await patch(host, customer, '6.4.3', { status: 'not_applicable', reason: 'No payment page; we redirect to the PSP.' })).status,
      200,
    );
    const [entry] = await activity();
    assert.deepEqual(
      [entry.action, entry.target, entry.detail],
      ['pci.status_changed', '6.4.3', { from: 'not_started', to: 'not_applicable', reason: 'No payment page; we redirect to the PSP.' }],
    );
    tick();
    assert.equal((await patch(host, customer, '6.4.3', { status: 'in_progress' })).status, 200);
    const row = await host.services.db
      .selectFrom('pci_item_status')
      .selectAll()
      .where('tenant_id', '=', 'acme')
      .where('item_id', '=', '6.4.3')
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.reason], ['in_progress', '']);
  });

  it('keeps the language an attestation note is written in', async () => {
    const operator = await host.token('acme', ['operator'], { user: 'ops@nimbus.example' });
    tick();
    const german = await attest(operator, '1.2.1', { note: 'Der Firewall-Standard v3 gilt für den Rand.', locale: 'de' });
    assert.equal(german.status, 200, await german.clone().text());
    const { note, locale } = find(await checklist(), '1.2.1').attestation;
    assert.deepEqual([note, locale], ['Der Firewall-Standard v3 gilt für den Rand.', 'de']);
    const badLocale = await attest(operator, '1.2.1', { note: 'x', locale: 'German!' });
    assert.equal(badLocale.status, 422);
    assert.equal((await json(badLocale)).errors[0].source.pointer, '/data/attributes/locale');
    assert.equal(find(await checklist(), '1.2.1').attestation.note, 'Der Firewall-Standard v3 gilt für den Rand.', 'nothing written');
  });
});
