import type { en } from './messages.js';

export const de: typeof en = {
  inventoryFailed: 'Ihre Dienste konnten nicht geladen werden',
  inventorySystem: 'Die Dienstübersicht',
  inventoryTitle: 'Was Ihr Vertrag umfasst',
  emptyInventory: 'Ihr Vertrag enthält noch nichts.',
  kindTitle: {
    server: 'Server',
    dedicated: 'Dedizierte Hardware',
    certificate: 'SSL-Zertifikate',
    domain: 'Domains',
    other: 'Weitere Dienste',
  },
  columnName: 'Name',
  columnPlan: 'Tarif',
  columnDetails: 'Details',
  columnSince: 'Seit',
  columnRenews: 'Verlängerung',
  columnExpires: 'Ablauf',
  monthlyPrice: (amount) => `${amount} im Monat`,
  renew: 'Verlängern',
  renewItem: (name) => `${name} verlängern`,
  expiresSoon: 'Läuft bald ab',
  expired: 'Abgelaufen',
  addonsLabel: (names) => `Zusatzleistungen: ${names}`,
  regionLabel: (region) => `Region ${region}`,
  detailsUnavailable: (sources) => `Serverdetails lassen sich gerade nicht laden (${sources}); der Vertrag wird ohne sie angezeigt.`,
};
