import { z } from 'zod';
import {
  BillingProviderToken,
  ClockToken,
  DatabaseToken,
  EventSourceToken,
  NoticeWriterToken,
  ProtectionProviderToken,
  StatusProviderToken,
  SupportProviderToken,
  definePlugin,
  isTimeZone,
} from '@glasspane/host';
import { LocalStatusProvider } from './status.js';
import { LocalBillingProvider } from './billing.js';
import { LocalSupportProvider } from './support.js';
import { LocalEventSource } from './events.js';
import { LocalProtectionProvider } from './protection.js';
import * as m0001 from './migrations/0001-tables.js';
import * as m0002 from './migrations/0002-anchor-day.js';
import * as m0003 from './migrations/0003-invoice-line-periods.js';
import * as m0004 from './migrations/0004-refunds.js';
import * as m0005 from './migrations/0005-ticket-attachments.js';
import * as m0006 from './migrations/0006-notice-locale.js';
import { localDb } from './tables.js';
import { localRoutes } from './routes.js';
import { seedLocal, type LocalSeedData } from './seed.js';

export { localDb, type LocalDb, type LocalDatabase, type LocalTables } from './tables.js';
export type { LocalSeedData } from './seed.js';
export { LocalStatusProvider, LocalBillingProvider, LocalSupportProvider, LocalEventSource, LocalProtectionProvider };

/**
 * Built-in providers backed by the host's own SQL: status notices, tickets, invoices
 * generated from subscriptions, and backup runs and snapshots reported to the host. Needs
 * no configuration. It brings its own tables (`migrations/`), the routes the provider's
 * tooling reports through (`routes.ts`) and the demo's seed (`seed.ts`). The test payment
 * gateway is a plugin of its own, `plugins/test-payments`.
 */
export default definePlugin({
  id: 'local',
  provides: ['StatusProvider', 'BillingProvider', 'SupportProvider', 'EventSource', 'ProtectionProvider', 'PaymentGateway'],
  config: z
    .object({
      paymentTermsDays: z.number().int().min(0).max(120).default(14),
      /** The zone whose day invoices are issued and fall overdue in (GLASSPANE_BILLING_TIME_ZONE). */
      timeZone: z
        .string()
        .refine((zone) => isTimeZone(zone), { error: 'is not an IANA time zone' })
        .default('UTC'),
    })
    .strict(),
  fromEnv: (env) => ({ timeZone: env.GLASSPANE_BILLING_TIME_ZONE || undefined }),
  // Its tables, in a migration table of its own (glasspane_migrations_local).
  migrations: {
    'local/0001-tables': m0001,
    'local/0002-anchor-day': m0002,
    'local/0003-invoice-line-periods': m0003,
    'local/0004-refunds': m0004,
    'local/0005-ticket-attachments': m0005,
    'local/0006-notice-locale': m0006,
  },
  // Where the provider's tooling reports subscriptions, backup runs, snapshots and restores.
  routes: localRoutes,
  // A storage system's plugin (Tintri) protects the servers instead when one is enabled.
  fallback: true,
  seed: (context, data) => seedLocal(context, data as LocalSeedData),
  register({ container, config }) {
    const db = localDb(container.resolve(DatabaseToken));
    const now = container.resolve(ClockToken);
    const status = new LocalStatusProvider(db, now);
    container.register(StatusProviderToken, { useValue: status });
    container.register(NoticeWriterToken, { useValue: status });
    container.register(BillingProviderToken, {
      useValue: new LocalBillingProvider(db, now, { paymentTermsDays: config.paymentTermsDays, timeZone: config.timeZone }),
    });
    container.register(SupportProviderToken, { useValue: new LocalSupportProvider(db, now) });
    container.register(EventSourceToken, { useValue: new LocalEventSource(db) });
    container.register(ProtectionProviderToken, { useValue: new LocalProtectionProvider(db, now) });
  },
});
