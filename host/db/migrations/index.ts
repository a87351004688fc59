import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from '../../features/tenants/migrations/0001-initial.js';
import * as m0002 from '../../features/usage/migrations/0002-compute-usage.js';
import * as m0003 from '../../features/billing/migrations/0003-billing.js';
import * as m0004 from '../../features/support/migrations/0004-support.js';
import * as m0005 from '../../stream/migrations/0005-stream-events.js';
import * as m0006 from '../../features/orders/migrations/0006-orders.js';
import * as m0007 from '../../features/account-calendar/migrations/0007-account-events.js';
import * as m0008 from '../../features/pci/migrations/0008-pci.js';
import * as m0009 from './0009-background-jobs.js';
import * as m0010 from '../../features/tenants/migrations/0010-branding.js';
import * as m0011 from '../../features/protection/migrations/0011-protection.js';
import * as m0012 from '../../features/usage/migrations/0012-usage-clustered.js';
import * as m0013 from './0013-number-sequences.js';
import * as m0014 from '../../features/orders/migrations/0014-one-open-order.js';
import * as m0015 from '../../features/protection/migrations/0015-one-running-restore.js';
import * as m0016 from '../../features/orders/migrations/0016-order-fulfilment.js';
import * as m0017 from '../../features/billing/migrations/0017-payment-lifecycle.js';
import * as m0018 from '../../features/audit/migrations/0018-activity-log.js';
import * as m0021 from '../../features/tenants/migrations/0021-billing-profile.js';
import * as m0025 from '../../features/billing/migrations/0025-refunds.js';
import * as m0026 from '../../features/pci/migrations/0026-pci-reviews-attestations.js';
import * as m0027 from '../../features/billing/migrations/0027-refund-records.js';
import * as m0028 from '../../features/orders/migrations/0028-device-delivery.js';
import * as m0029 from './0029-content-translations.js';
import * as m0031 from './0031-provider-slots.js';
import * as m0033 from '../../features/billing/migrations/0033-settled-claims.js';
import * as m0034 from '../../features/orders/migrations/0034-order-failure-words.js';
import * as m0035 from '../../features/pci/migrations/0035-attestation-locale.js';
import * as m0036 from '../../features/protection/migrations/0036-restore-host-message.js';

/**
 * Migrations are listed here rather than read from a folder, so the host runs the
 * same way from source, from a bundle and in tests. Names sort in order of execution.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-compute-usage': m0002,
  '0003-billing': m0003,
  '0004-support': m0004,
  '0005-stream-events': m0005,
  '0006-orders': m0006,
  '0007-account-events': m0007,
  '0008-pci': m0008,
  '0009-background-jobs': m0009,
  '0010-branding': m0010,
  '0011-protection': m0011,
  '0012-usage-clustered': m0012,
  '0013-number-sequences': m0013,
  '0014-one-open-order': m0014,
  '0015-one-running-restore': m0015,
  '0016-order-fulfilment': m0016,
  '0017-payment-lifecycle': m0017,
  '0018-activity-log': m0018,
  '0021-billing-profile': m0021,
  '0025-refunds': m0025,
  '0026-pci-reviews-attestations': m0026,
  '0027-refund-records': m0027,
  '0028-device-delivery': m0028,
  '0029-content-translations': m0029,
  '0031-provider-slots': m0031,
  '0033-settled-claims': m0033,
  '0034-order-failure-words': m0034,
  '0035-attestation-locale': m0035,
  '0036-restore-host-message': m0036,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
