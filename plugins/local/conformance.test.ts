import {
  billingProviderConformance,
  protectionProviderConformance,
  statusProviderConformance,
  supportProviderConformance,
} from '@glasspane/host/testing';
import { ADMIN_KEY, createTestHost } from '../../host/test/helpers.js';
import localPlugin, { LocalProtectionProvider, LocalStatusProvider, LocalSupportProvider, localDb } from './index.js';

billingProviderConformance('local', async () => {
  const host = await createTestHost({ plugins: [localPlugin], now: () => new Date('2026-11-10T10:00:00Z') });
  for (const [tenant, currency] of [
    ['acme', 'EUR'],
    ['globex', 'USD'],
  ] as const) {
    const put = await host.request('PUT', `/api/v1/tenants/${tenant}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: tenant, billingAccount: { source: 'local', account: tenant } } } },
    });
    if (put.status !== 201) throw new Error(await put.text());
    const res = await host.request('PUT', `/api/v1/tenants/${tenant}/subscriptions/${tenant}-srv`, {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'subscriptions',
          attributes: {
            description: 'Managed server',
            quantity: 1,
            unitAmount: 12_900,
            currency,
            intervalMonths: 1,
            taxRateBp: 1900,
            nextInvoiceOn: '2026-11-01',
          },
        },
      },
    });
    if (res.status !== 200) throw new Error(await res.text());
  }
  const { provider } = await host.services.billing.account('acme');
  const theirs = (await (await host.services.billing.account('globex')).provider.listInvoices('globex'))[0]!;
  return {
    provider,
    account: 'acme',
    foreignInvoiceId: theirs.id,
    paymentsRecorded: async () =>
      (await localDb(host.services.db).selectFrom('local_payments').select('id').where('tenant_id', '=', 'acme').execute()).length,
    close: () => host.close(),
  };
});

// The built-in status source: notices staff post through the host, kept in its SQL.
statusProviderConformance('local', async () => {
  let clock = new Date('2026-11-24T22:30:00Z');
  const host = await createTestHost({ plugins: [localPlugin], now: () => clock });
  const put = (path: string, type: string, attributes: object) =>
    host.request('PUT', path, { token: ADMIN_KEY, body: { data: { type, attributes } } });
  for (const res of [
    await put('/api/v1/tenants/acme', 'tenants', { name: 'Acme' }),
    await put('/api/v1/tenants/acme/services/storage', 'services', {
      name: 'Block storage',
      kind: 'storage',
      statusComponents: [{ source: 'local', componentId: 'storage-fra1' }],
    }),
  ]) {
    if (res.status >= 300) throw new Error(await res.text());
  }
  const provider = new LocalStatusProvider(localDb(host.services.db), () => clock);
  const notice = (
    kind: 'incident' | 'maintenance',
    title: string,
    status: 'investigating' | 'scheduled',
    window: [string, string] | null = null,
  ) =>
    provider.createNotice({
      kind,
      title,
      status,
      impact: kind === 'incident' ? 'minor' : 'maintenance',
      componentIds: ['storage-fra1'],
      scheduledFor: window?.[0] ?? null,
      scheduledUntil: window?.[1] ?? null,
      body: 'First word.',
    });
  const slow = await notice('incident', 'Slow volumes', 'investigating');
  clock = new Date(clock.getTime() + 45 * 60_000);
  await provider.updateNotice(slow.id, { status: 'identified', body: 'A storage node is rebuilding.' });
  const old = await notice('incident', 'Old outage', 'investigating');
  await provider.updateNotice(old.id, { status: 'resolved', body: 'Fixed.' });
  await notice('maintenance', 'Router upgrade', 'scheduled', ['2026-11-26T02:00:00.000Z', '2026-11-26T03:00:00.000Z']);
  return {
    provider,
    unresolvedTitle: 'Slow volumes',
    maintenanceTitle: 'Router upgrade',
    resolvedTitle: 'Old outage',
    close: () => host.close(),
  };
});

// Tickets in the host's own SQL.
supportProviderConformance('local', async () => {
  // A clock that moves a second per reading: each message has its own instant.
  let t = Date.parse('2026-11-24T10:00:00Z');
  const now = () => new Date((t += 1000));
  const host = await createTestHost({ plugins: [localPlugin], now });
  const support = new LocalSupportProvider(localDb(host.services.db), now);
  for (const tenant of ['acme', 'globex']) {
    const res = await host.request('PUT', `/api/v1/tenants/${tenant}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: tenant } } },
    });
    if (res.status >= 300) throw new Error(await res.text());
  }
  const theirs = await support.createTicket('globex', {
    subject: 'Their ticket',
    description: 'Not yours',
    urgency: 'minor',
    serviceId: null,
    requester: 'it@globex.example',
  });
  return { provider: support, account: 'acme', foreignTicketId: theirs.id, close: () => host.close() };
});

// Snapshots the provider's tooling reported to the host.
protectionProviderConformance('local', async () => {
  let t = Date.parse('2026-11-24T10:00:00Z');
  const now = () => new Date((t += 1000));
  const host = await createTestHost({ plugins: [localPlugin], now });
  for (const tenant of ['acme', 'globex']) {
    const res = await host.request('PUT', `/api/v1/tenants/${tenant}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: tenant } } },
    });
    if (res.status >= 300) throw new Error(await res.text());
    for (const [k, hoursAgo] of [
      [1, 26],
      [2, 2],
    ] as const) {
      const takenAt = new Date(Date.parse('2026-11-24T10:00:00Z') - hoursAgo * 3600_000).toISOString();
      const snap = await host.request('PUT', `/api/v1/tenants/${tenant}/snapshots/${tenant}-snap-${k}`, {
        token: ADMIN_KEY,
        body: {
          data: { type: 'protection-snapshots', attributes: { serverId: 'memcloud:web-01', name: `nightly ${k}`, takenAt, state: 'ok' } },
        },
      });
      if (snap.status !== 204) throw new Error(await snap.text());
    }
  }
  return {
    provider: new LocalProtectionProvider(localDb(host.services.db), now),
    scope: 'acme',
    server: { id: 'memcloud:web-01', name: 'web-01' },
    other: { scope: 'globex', server: { id: 'memcloud:web-01', name: 'web-01' } },
    hostRecordsRestores: true,
    close: () => host.close(),
  };
});
