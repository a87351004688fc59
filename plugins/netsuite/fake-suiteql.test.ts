import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NetSuiteClient, NetSuiteError } from './client.js';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';

/** The fake's SuiteQL answers queries the plugin never sends, and refuses what SuiteQL refuses. */
describe('NetSuite fake: SuiteQL', () => {
  let fake: NetSuiteFake;
  const query = (q: string) => new NetSuiteClient({ ...fake.config, retryBaseMs: 5 }).suiteql<Record<string, string>>(q);
  const refused = async (q: string, detail: RegExp) => {
    const invalid = (err: unknown) => err instanceof NetSuiteError && err.upstreamStatus === 400 && detail.test(err.netsuiteDetail ?? '');
    await assert.rejects(query(q), invalid);
  };

  before(async () => {
    fake = await startNetSuiteFake();
    fake.addCustomer({ id: '300', name: 'Globex Holding' });
    fake.addCustomer({ id: '301', name: 'Globex Amsterdam', parent: '300' });
    fake.addCustomer({ id: '303', name: 'Globex Amsterdam Lab', parent: '301' });
    fake.addCustomer({ id: '400', name: 'Initech' });
    fake.addInvoice('300', { id: '3001', total: 30, trandate: '2026-03-01' });
    fake.addInvoice('303', { id: '3031', total: 1_250, trandate: '2026-03-04', memo: 'Lab' });
    fake.addInvoice('400', { id: '4001', total: 9_900, trandate: '2026-03-01' });
  });
  after(() => fake.close());

  test('customer.parent joins reach grandchildren; BUILTIN.DF names references; values come back as SuiteQL writes them', async () => {
    const rows = await query(
      "SELECT t.id, t.trandate, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS iso, t.foreigntotal, " +
        'BUILTIN.DF(t.entity) AS customer, BUILTIN.DF(t.status) AS status ' +
        'FROM transaction t JOIN customer e ON e.id = t.entity LEFT JOIN customer p ON p.id = e.parent ' +
        "WHERE t.type = 'CustInvc' AND (e.id = 300 OR e.parent = 300 OR p.parent = 300) ORDER BY t.id",
    );
    assert.deepEqual(
      rows.map(({ links: _, ...r }) => r),
      [
        { id: '3001', trandate: '3/1/2026', iso: '2026-03-01', foreigntotal: '.3', customer: 'Globex Holding', status: 'Open' },
        { id: '3031', trandate: '3/4/2026', iso: '2026-03-04', foreigntotal: '12.5', customer: 'Globex Amsterdam Lab', status: 'Open' },
      ],
    );
    const children = await query(
      'SELECT c.id, BUILTIN.DF(c.parent) AS parentname FROM customer c WHERE c.parent IS NOT NULL ORDER BY c.id',
    );
    assert.deepEqual(
      children.map((r) => [r.id, r.parentname]),
      [
        ['301', 'Globex Holding'],
        ['303', 'Globex Amsterdam'],
      ],
    );
    const counted = await query(
      "SELECT COUNT(*) AS n, NVL(MAX(t.memo), 'none') AS memo FROM transaction t " +
        'WHERE t.entity IN (SELECT c.id FROM customer c WHERE c.parent = 301)',
    );
    assert.deepEqual([counted[0]!.n, counted[0]!.memo], ['1', 'Lab']);
  });

  test("what SuiteQL refuses: other dialects' syntax, functions it does not have, mixed join styles, writes, unknown fields", async () => {
    await refused('SELECT t.id FROM transaction t LIMIT 5', /Unsupported syntax near 'LIMIT'/);
    await refused("SELECT strftime('%Y', t.trandate) AS y FROM transaction t", /Unknown identifier 'strftime'/);
    const mixedJoins = 'SELECT t.id FROM transaction t, currency c JOIN customer e ON e.id = t.entity WHERE c.id = t.currency';
    await refused(mixedJoins, /ANSI and non-ANSI joins/);
    await refused('DELETE FROM transaction', /Only one SELECT/);
    await refused('SELECT t.id FROM transaction t; DELETE FROM customer', /Only one SELECT/);
    await refused('SELECT c.nickname FROM customer c', /Field 'nickname' for record 'customer' was not found/);
    // A single-company account has no subsidiaries.
    await refused('SELECT c.subsidiary FROM customer c', /Field 'subsidiary' for record 'customer' was not found/);
    await refused('SELECT e.id FROM employee e', /Record 'employee' was not found/);
  });
});
