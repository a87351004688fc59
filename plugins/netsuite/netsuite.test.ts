import 'reflect-metadata';
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';
import plugin, { NetSuiteBillingProvider, NetSuiteClient, NetSuiteSupportProvider, accountSlug, toMinor } from './index.js';
import { authorizationHeader, rfc3986, sign, signatureBaseString } from './oauth.js';
import { ProviderError } from '../../host/errors.js';
import { PluginConfigError, resolvePluginConfig } from '../../host/plugin.js';

describe('OAuth 1.0a signatures', () => {
  test('the RFC 5849 example (HMAC-SHA1) signs as published', () => {
    // The OAuth 1.0 photos example (also in RFC 5849's errata): a published base string and signature.
    const base = signatureBaseString('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original', {
      oauth_consumer_key: 'dpf43f3p2l4k3l03',
      oauth_token: 'nnch734d00sl2jdk',
      oauth_nonce: 'kllo9940pd9333jh',
      oauth_timestamp: '1191242096',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_version: '1.0',
    });
    assert.equal(
      base,
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
    assert.equal(sign(base, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00', 'sha1'), 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  test('HMAC-SHA256 over the base string with encoded secrets; the realm is not signed', () => {
    const base = signatureBaseString('POST', 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=10&offset=0', { oauth_nonce: 'n', oauth_timestamp: '1' });
    assert.match(base, /^POST&https%3A%2F%2F1234567-sb1\.suitetalk\.api\.netsuite\.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D10%26oauth_nonce%3Dn%26oauth_timestamp%3D1%26offset%3D0$/);
    const expected = createHmac('sha256', 'c%20s&t%2Bs').update(base).digest('base64');
    assert.equal(sign(base, 'c s', 't+s'), expected);
    const header = authorizationHeader('GET', 'https://x.example/a?b=c', { realm: '1234567_SB1', consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' }, 1_700_000_000_000, 'abc');
    assert.match(header, /^OAuth realm="1234567_SB1", oauth_consumer_key="ck", oauth_token="t", oauth_nonce="abc", oauth_timestamp="1700000000", oauth_signature_method="HMAC-SHA256", oauth_version="1.0", oauth_signature="[^"]+"$/);
    assert.equal(rfc3986("a b!*'()"), 'a%20b%21%2A%27%28%29');
  });

  test('account ids become host names the NetSuite way', () => {
    assert.equal(accountSlug('1234567_SB1'), '1234567-sb1');
    assert.equal(new NetSuiteClient({ accountId: '1234567_SB1', consumerKey: 'a', consumerSecret: 'b', tokenId: 'c', tokenSecret: 'd' }).base, 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest');
  });

  test('decimal amounts to minor units exactly, by the currency exponent', () => {
    assert.equal(toMinor('0.30', 'USD'), 30);
    assert.equal(toMinor(0.1 + 0.2, 'USD'), 30);
    assert.equal(toMinor('1234.5', 'EUR'), 123450);
    assert.equal(toMinor('500', 'JPY'), 500);
    assert.equal(toMinor('-12.34', 'USD'), -1234);
  });
});

describe('NetSuite plugin against its fake', () => {
  let fake: NetSuiteFake;
  const client = (extra: object = {}) => new NetSuiteClient({ accountId: fake.accountId, baseUrl: fake.baseUrl, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, tokenId: fake.tokenId, tokenSecret: fake.tokenSecret, ...extra });
  const code = (err: unknown) => (err as ProviderError).errors[0]!.code;

  before(async () => {
    fake = await startNetSuiteFake();
    for (let k = 0; k < 1200; k++) fake.addInvoice('200', { total: 10 + k, trandate: `2026-01-${String((k % 28) + 1).padStart(2, '0')}` });
    fake.addInvoice('107', { tranid: 'INV-ACME-1', total: 100.1, currency: 'EUR', duedate: '2020-01-01' });
    fake.addInvoice('107', { tranid: 'INV-ACME-2', total: 50, status: 'B', remaining: 0 });
    fake.addInvoice('108', { tranid: 'INV-GLOBEX-1', total: 75.25 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.requests.length = 0;
  });

  test('a wrong secret, a stale timestamp and a reused nonce are INVALID_LOGIN, reported readably', async () => {
    const err = await client({ tokenSecret: 'wrong' }).suiteql('x').catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /clock/);
    const url = `${fake.baseUrl}/record/v1/invoice/1`;
    const creds = { realm: fake.accountId, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, token: fake.tokenId, tokenSecret: fake.tokenSecret };
    const stale = await fetch(url, { headers: { authorization: authorizationHeader('GET', url, creds, Date.now() - 3600_000) } });
    assert.equal(stale.status, 401);
    const header = authorizationHeader('GET', url, creds, Date.now(), 'once-only');
    await fetch(url, { headers: { authorization: header } });
    const replay = await fetch(url, { headers: { authorization: header } });
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as any)['o:errorDetails'][0]['o:errorCode'], 'INVALID_LOGIN');
  });

  test('invoices page through SuiteQL past 1,000 rows', async () => {
    const billing = new NetSuiteBillingProvider(client());
    const all = await billing.listInvoices('200');
    assert.equal(all.length, 1200);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/suiteql')).length, 2);
  });

  test("invoices map to minor units and statuses; another customer's invoice is not there", async () => {
    const billing = new NetSuiteBillingProvider(client());
    const list = await billing.listInvoices('107');
    const overdue = list.find((i) => i.number === 'INV-ACME-1')!;
    assert.deepEqual([overdue.status, overdue.total, overdue.amountDue, overdue.currency], ['overdue', 10010, 10010, 'EUR']);
    assert.equal(list.find((i) => i.number === 'INV-ACME-2')!.status, 'paid');
    const globexId = fake.invoices.find((i) => i.tranid === 'INV-GLOBEX-1')!.id;
    assert.equal(await billing.getInvoice('107', globexId), undefined);
    const one = (await billing.getInvoice('107', overdue.id))!;
    assert.equal(one.lines[0]!.amount, 10010);
    assert.equal(await billing.getInvoice('107', "1 OR 1=1"), undefined);
  });

  test('a payment is a customerPayment (204 + Location), and the same key never records twice', async () => {
    const billing = new NetSuiteBillingProvider(client());
    const inv = fake.invoices.find((i) => i.tranid === 'INV-GLOBEX-1')!;
    const input = { allocations: [{ invoiceId: inv.id, amount: 7525 }], currency: 'USD', amount: 7525, gatewayReference: 'ch_1', methodLabel: 'Visa •••• 4242', idempotencyKey: 'key-123' };
    const first = await billing.recordPayment('108', input);
    const again = await billing.recordPayment('108', input);
    assert.equal(first.reference, again.reference);
    assert.equal(fake.payments.length, 1);
    assert.equal((await billing.getInvoice('108', inv.id))!.status, 'paid');
  });

  test('support cases round-trip with their urgency, status changes and messages', async () => {
    const support = new NetSuiteSupportProvider(client());
    const t = await support.createTicket('108', { subject: 'Disk full', description: 'db-01 is at 100 %', urgency: 'blocker', serviceId: null, requester: 'hank@globex.example' });
    assert.deepEqual([t.subject, t.urgency, t.status], ['Disk full', 'blocker', 'open']);
    assert.equal((await support.listTickets('108')).length >= 1, true);
    assert.equal(await support.getTicket('107', t.id), undefined, 'not another customer');
    const updated = (await support.updateTicket('108', t.id, { status: 'in_progress' }))!;
    assert.equal(updated.status, 'in_progress');
    await support.addMessage('108', t.id, { body: 'Cleaning up now.', author: { name: 'Sam', kind: 'staff' } });
    const messages = await support.listMessages('108', t.id);
    assert.deepEqual(messages.map((m) => [m.body, m.author.kind]), [['Cleaning up now.', 'staff']]);
  });

  test('429 then success; garbage; unreachable; an unknown query shape is refused by the fake', async () => {
    const billing = new NetSuiteBillingProvider(client());
    fake.failNext(1, { status: 429 });
    assert.ok((await billing.listInvoices('108')).length >= 1);
    fake.garbageNext(1);
    assert.equal(code(await billing.listInvoices('108').catch((e) => e)), 'provider_bad_response');
    const down = new NetSuiteBillingProvider(new NetSuiteClient({ accountId: 'X', baseUrl: 'http://127.0.0.1:9/services/rest', consumerKey: 'a', consumerSecret: 'b', tokenId: 'c', tokenSecret: 'd', timeoutMs: 500 }));
    assert.equal(code(await down.listInvoices('1').catch((e) => e)), 'provider_unreachable');
    const err = await client().suiteql('SELECT * FROM employee').catch((e) => e);
    assert.equal(code(err), 'provider_error');
    assert.match(err.message, /Invalid search query/);
  });

  test('NETSUITE_CUSTOMER_IDS is parsed, and bad input is refused', () => {
    const env = { NETSUITE_ACCOUNT_ID: '1234567_SB1', NETSUITE_CONSUMER_KEY: 'a', NETSUITE_CONSUMER_SECRET: 'b', NETSUITE_TOKEN_ID: 'c', NETSUITE_TOKEN_SECRET: 'd' };
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { ...env, NETSUITE_CUSTOMER_IDS: 'globex=108, acme=107' }).customerIds, { globex: '108', acme: '107' });
    assert.throws(() => resolvePluginConfig(plugin, undefined, { ...env, NETSUITE_CUSTOMER_IDS: 'globex:108' }), PluginConfigError);
  });
});
