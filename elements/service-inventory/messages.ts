import { registerMessages } from '../core/localize.js';

/** English messages of `gp-service-inventory`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  inventoryFailed: 'Your services could not be loaded',
  inventorySystem: 'The service inventory',
  inventoryTitle: 'What your contract includes',
  emptyInventory: 'Nothing in your contract yet.',
  kindTitle: {
    server: 'Servers',
    dedicated: 'Dedicated hardware',
    certificate: 'SSL certificates',
    domain: 'Domains',
    other: 'Other services',
  } as Record<string, string>,
  columnName: 'Name',
  columnPlan: 'Plan',
  columnDetails: 'Details',
  columnSince: 'Since',
  columnRenews: 'Renews',
  columnExpires: 'Expires',
  monthlyPrice: (amount: string) => `${amount} a month`,
  renew: 'Renew',
  renewItem: (name: string) => `Renew ${name}`,
  expiresSoon: 'Expires soon',
  expired: 'Expired',
  addonsLabel: (names: string) => `Add-ons: ${names}`,
  regionLabel: (region: string) => `Region ${region}`,
  detailsUnavailable: (sources: string) => `Server details cannot be loaded right now (${sources}); the contract is shown without them.`,
};

type ServiceInventoryMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends ServiceInventoryMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
