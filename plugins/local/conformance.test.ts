import { billingProviderConformance } from '@glasspane/host/testing';
import { ADMIN_KEY, createTestHost } from '../../host/test/helpers.js';
import localPlugin, { localDb } from './index.js';

billingProviderConformance('local', async () => {
  const host = await createTestHost({ plugins: [localPlugin], now: () => new Date('2026-11-10T10:00:00Z') });
  for (const [tenant, currency] of [['acme', 'EUR'], ['globex', 'USD']] as const) {
    const put = await host.request('PUT', `/api/v1/tenants/${tenant}`, { token: ADMIN_KEY, body: { data: { type: 'tenants', attributes: { name: tenant, billingAccount: { source: 'local', account: tenant } } } } });
    if (put.status !== 201) throw new Error(await put.text());
    const res = await host.request('PUT', `/api/v1/tenants/${tenant}/subscriptions/${tenant}-srv`, {
      token: ADMIN_KEY,
      body: { data: { type: 'subscriptions', attributes: { description: 'Managed server', quantity: 1, unitAmount: 12_900, currency, intervalMonths: 1, taxRateBp: 1900, nextInvoiceOn: '2026-11-01' } } },
    });
    if (res.status !== 200) throw new Error(await res.text());
  }
  const { provider } = await host.services.billing.account('acme');
  const theirs = (await (await host.services.billing.account('globex')).provider.listInvoices('globex'))[0]!;
  return {
    provider,
    account: 'acme',
    foreignInvoiceId: theirs.id,
    paymentsRecorded: async () => (await localDb(host.services.db).selectFrom('local_payments').select('id').where('tenant_id', '=', 'acme').execute()).length,
    close: () => host.close(),
  };
});
