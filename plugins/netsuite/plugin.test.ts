import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PluginConfigError, loadPlugin, resolvePluginConfig, BillingProviderToken, SupportProviderToken } from '@glasspane/host';
import plugin, { NetSuiteBillingProvider, NetSuiteSupportProvider, customerFor, parseCustomerIds } from './index.js';
import { startNetSuiteFake } from './fake.js';
import { createTestHost } from '../../host/test/helpers.js';

const ENV = {
  NETSUITE_ACCOUNT_ID: '1234567_SB1',
  NETSUITE_CONSUMER_KEY: 'ck',
  NETSUITE_CONSUMER_SECRET: 'cs',
  NETSUITE_TOKEN_ID: 'tk',
  NETSUITE_TOKEN_SECRET: 'ts',
};

/** The configuration problems `resolvePluginConfig` reports for an environment. */
function issues(env: Record<string, string | undefined>): string[] {
  try {
    resolvePluginConfig(plugin, undefined, env);
  } catch (err) {
    assert.ok(err instanceof PluginConfigError, `expected PluginConfigError, got ${String(err)}`);
    assert.equal(err.pluginId, 'netsuite');
    return err.issues;
  }
  assert.fail('expected the configuration to be refused');
}

describe('NetSuite plugin configuration', () => {
  test('the documented variables make a configuration with defaults', () => {
    const config = resolvePluginConfig(plugin, undefined, { ...ENV, NETSUITE_CUSTOMER_IDS: 'globex=108, acme=107' });
    assert.equal(config.accountId, '1234567_SB1');
    assert.equal(config.baseUrl, undefined);
    assert.deepEqual(config.customerIds, { globex: '108', acme: '107' });
    assert.deepEqual([config.timeoutMs, config.maxConcurrency, config.timeZone], [20_000, 5, 'UTC']);
  });

  test('an empty NETSUITE_BASE_URL or NETSUITE_CUSTOMER_IDS counts as unset', () => {
    const config = resolvePluginConfig(plugin, undefined, { ...ENV, NETSUITE_BASE_URL: '', NETSUITE_CUSTOMER_IDS: ' ' });
    assert.equal(config.baseUrl, undefined);
    assert.deepEqual(config.customerIds, {});
  });

  test('bad NETSUITE_CUSTOMER_IDS is a PluginConfigError that names the bad part', () => {
    for (const bad of ['globex:108', 'globex=abc', 'globex=108,,acme=107', '=108', 'globex=108,globex=109', 'globex=108;acme=107']) {
      const found = issues({ ...ENV, NETSUITE_CUSTOMER_IDS: bad });
      assert.ok(
        found.some((i) => i.startsWith('customerIds')),
        `${bad}: ${found.join('; ')}`,
      );
    }
    assert.ok(issues({ ...ENV, NETSUITE_CUSTOMER_IDS: 'globex=abc' }).some((i) => i.includes('"globex=abc"')));
  });

  test('missing credentials, a malformed account id or base URL are refused, each named', () => {
    const found = issues({ NETSUITE_ACCOUNT_ID: '1234567-sb1', NETSUITE_BASE_URL: 'not a url', NETSUITE_CONSUMER_KEY: 'ck' });
    for (const field of ['accountId', 'baseUrl', 'consumerSecret', 'tokenId', 'tokenSecret']) {
      assert.ok(
        found.some((i) => i.startsWith(`${field}:`)),
        `${field} in ${found.join('; ')}`,
      );
    }
  });

  test('explicit configuration accepts the customer map as an object and case mappings', () => {
    const config = resolvePluginConfig(
      plugin,
      {
        accountId: '1234567',
        consumerKey: 'a',
        consumerSecret: 'b',
        tokenId: 'c',
        tokenSecret: 'd',
        customerIds: { globex: '108' },
        support: { urgencyField: null, priorityIds: { blocker: '7' } },
      },
      {},
    );
    assert.deepEqual(config.customerIds, { globex: '108' });
    assert.deepEqual(config.support, { urgencyField: null, priorityIds: { blocker: '7' } });
    assert.throws(() => resolvePluginConfig(plugin, { ...config, customerIds: { globex: 'x' } }, {}), PluginConfigError);
    assert.throws(() => resolvePluginConfig(plugin, { ...config, timeZone: 'Mars/Olympus' }, {}), PluginConfigError);
  });

  test('customerFor looks a tenant up, and only own keys', () => {
    const config = { customerIds: parseCustomerIds('globex=108,acme=107') };
    assert.equal(customerFor(config, 'globex'), '108');
    assert.equal(customerFor(config, 'initech'), undefined);
    assert.equal(customerFor(config, 'constructor'), undefined);
  });
});

describe('NetSuite plugin registration', () => {
  test('registers a BillingProvider and a SupportProvider sharing one client, which reach NetSuite', async () => {
    const fake = await startNetSuiteFake({ seed: 'demo' });
    const host = await createTestHost();
    try {
      const config = resolvePluginConfig(
        plugin,
        { ...fake.config, customerIds: 'globex=108', support: { priorityIds: { minor: '2' } } },
        {},
      );
      const container = await loadPlugin(plugin, config, { database: host.services.db });
      const billing = container.resolve(BillingProviderToken);
      const support = container.resolve(SupportProviderToken);
      assert.ok(billing instanceof NetSuiteBillingProvider);
      assert.ok(support instanceof NetSuiteSupportProvider);
      assert.equal(billing.source, 'netsuite');
      assert.equal(support.source, 'netsuite');
      assert.equal(billing.client, support.client, 'one client, one concurrency limit for the account');
      // A partial mapping amends the defaults instead of replacing them.
      assert.deepEqual(support.mapping.priorityIds, { blocker: '1', critical: '1', major: '2', minor: '2' });
      assert.equal(support.mapping.urgencyField, 'custevent_gp_urgency');

      // NETSUITE_CUSTOMER_IDS at work: the tenant id as the account reaches its customer (108).
      const invoices = await billing.listInvoices('globex');
      assert.equal(invoices.length, 8);
      assert.deepEqual(invoices, await billing.listInvoices(customerFor(config, 'globex')!));
      assert.ok(invoices.some((i) => i.status === 'overdue'));
      assert.ok(invoices.filter((i) => i.status === 'paid').length >= 3);
      assert.deepEqual([...new Set(invoices.map((i) => i.currency))].sort(), ['EUR', 'USD']);
      const tickets = await support.listTickets('globex');
      assert.equal(tickets.length, 3);
      assert.ok(tickets.every((t) => t.description.length > 0));
      assert.equal((await billing.listInvoices('107')).length, 3, 'a customer id is still an account of its own');
      await assert.rejects(support.listTickets('acme'), /"acme" is neither a tenant in NETSUITE_CUSTOMER_IDS/);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});
