import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPciContent } from './content.js';
import { ADMIN_KEY, collect, createTestHost, dialectName, seedTwoTenants, type TestHost } from '../../test/helpers.js';

const json = async (res: Response) => ((await res.json()) as any);
const patch = (host: TestHost, token: string, item: string, attributes: Record<string, unknown>) => host.request('PATCH', `/api/v1/pci/items/${item}`, { token, body: { data: { type: 'pci-items', attributes } } });
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
    const res = await patch(host, customer, '8.3.6', { status: 'in_place', owner: 'Dana (IT)', evidenceNotes: 'Policy set in AD and shop admin', evidenceLinks: ['https://wiki.acme.example/pw-policy'] });
    assert.equal(res.status, 200, await res.clone().text());
    const saved = (await json(res)).data.attributes;
    assert.equal(saved.status, 'in_place');
    assert.ok(saved.reviewedAt);
    await patch(host, customer, '9.2.1', { status: 'not_applicable', reason: 'Physical security is the provider’s; their AoC is on file.' });
    const doc = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.deepEqual([doc.meta.progress.done, doc.meta.progress.total], [2, 48]);
    const eight = doc.data.find((r: any) => r.id === '8').attributes.progress;
    assert.deepEqual([eight.done, eight.total], [1, 5]);
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
    assert.equal((await json(na)).errors[0].source.pointer, '/data/attributes/reason');
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
    const lines = text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    assert.equal(lines.length, 49);
    assert.match(lines[0]!, /^Requirement,Item,Title,Responsibility,SAQ,Status/);
    const row = lines.find((l) => l.startsWith('12,12.1.1,'))!;
    assert.match(row, /,in_progress,,"'=HYPERLINK\(""http:\/\/evil""\)",/);
  });

  it('flags items whose text changed in a new revision, tells the tenant, and clears on review', async () => {
    const stream = collect(host, 'pci');
    const next = structuredClone(loadPciContent()) as any;
    next.revision = '2025-03-r2';
    next.requirements[7].items.find((i: any) => i.id === '8.3.6').fix.en += ' Passphrases count.';
    const loaded = await host.request('PUT', '/api/v1/pci/content', { token: ADMIN_KEY, body: next, headers: { 'content-type': 'application/json' } });
    assert.equal(loaded.status, 200, await loaded.clone().text());
    assert.deepEqual((await json(loaded)).data.attributes.changed, ['8.3.6']);
    await stream.until((e) => e.some((x) => x.tenant === 'acme' && x.data.changed?.includes('8.3.6')));
    assert.ok(!stream.events.some((x) => x.tenant === 'globex' && x.data.changed), 'globex never reviewed it');
    const doc = await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer }));
    assert.equal(doc.meta.revision, '2025-03-r2');
    assert.equal(find(doc, '8.3.6').changedSinceReview, true);
    assert.equal(find(doc, '9.2.1').changedSinceReview, false);
    await patch(host, customer, '8.3.6', { reviewed: true });
    assert.equal(find(await json(await host.request('GET', '/api/v1/pci/checklist', { token: customer })), '8.3.6').changedSinceReview, false);
    const bad = structuredClone(next);
    bad.requirements.pop();
    const refused = await host.request('PUT', '/api/v1/pci/content', { token: ADMIN_KEY, body: bad, headers: { 'content-type': 'application/json' } });
    assert.equal(refused.status, 422);
    assert.match((await json(refused)).errors[0].detail, /twelve requirements, not 11/);
  });

  it('keeps progress across a restart', { skip: dialectName === 'postgres' ? 'the PostgreSQL suite keeps its data in the server' : false }, async () => {
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
  });
});
