import { z } from 'zod';
import { ClockToken, DatabaseToken } from '../../host/container.js';
import { definePlugin } from '../../host/plugin.js';
import { NoticeWriterToken, StatusProviderToken } from '../../host/ports/status-provider.js';
import { BillingProviderToken } from '../../host/ports/billing-provider.js';
import { PaymentGatewayToken } from '../../host/ports/payment-gateway.js';
import { LocalStatusProvider } from './status.js';
import { LocalBillingProvider, TestPaymentGateway } from './billing.js';
import { LocalSupportProvider } from './support.js';
import { SupportProviderToken } from '../../host/ports/support-provider.js';
import { EventSourceToken } from '../../host/ports/event-source.js';
import { LocalEventSource } from './events.js';
import { ProtectionProviderToken } from '../../host/ports/protection-provider.js';
import { LocalProtectionProvider } from './protection.js';
import * as m0001 from './migrations/0001-tables.js';

export { LocalStatusProvider, LocalBillingProvider, LocalSupportProvider, LocalEventSource, LocalProtectionProvider, TestPaymentGateway };

/**
 * Built-in providers backed by the host's own SQL: status notices, tickets, invoices
 * generated from subscriptions, and backup runs and snapshots reported to the host. Needs no configuration. `paymentGateway: 'test'`
 * (`GLASSPANE_PAYMENT_GATEWAY=test`) adds the test gateway for demos and tests; a
 * production host registers its real gateway under `PaymentGatewayToken` instead.
 */
export default definePlugin({
  id: 'local',
  provides: ['StatusProvider', 'BillingProvider', 'SupportProvider', 'EventSource', 'ProtectionProvider'],
  config: z
    .object({
      paymentGateway: z.enum(['none', 'test']).default('none'),
      paymentTermsDays: z.number().int().min(0).max(120).default(14),
    })
    .strict(),
  fromEnv: (env) => ({ paymentGateway: env.GLASSPANE_PAYMENT_GATEWAY || undefined }),
  // Its tables, in a migration table of its own (glasspane_migrations_local).
  migrations: { 'local/0001-tables': m0001 },
  register({ container, config }) {
    const db = container.resolve(DatabaseToken);
    const now = container.resolve(ClockToken);
    const status = new LocalStatusProvider(db, now);
    container.register(StatusProviderToken, { useValue: status });
    container.register(NoticeWriterToken, { useValue: status });
    container.register(BillingProviderToken, { useValue: new LocalBillingProvider(db, now, { paymentTermsDays: config.paymentTermsDays }) });
    container.register(SupportProviderToken, { useValue: new LocalSupportProvider(db, now) });
    container.register(EventSourceToken, { useValue: new LocalEventSource(db) });
    container.register(ProtectionProviderToken, { useValue: new LocalProtectionProvider(db, now) });
    if (config.paymentGateway === 'test') container.register(PaymentGatewayToken, { useValue: new TestPaymentGateway() });
  },
});
