import type { en } from './shared-messages.js';

export const de: typeof en = {
  billingSystem: 'Das Abrechnungssystem',
  urgencyName: { blocker: 'Blocker', critical: 'Kritisch', major: 'Hoch', minor: 'Niedrig' },
  minutes: (m) => {
    if (m < 60) return m === 1 ? '1 Minute' : `${m} Minuten`;
    if (m < 1440) return Math.round(m / 60) === 1 ? '1 Stunde' : `${Math.round(m / 60)} Stunden`;
    return Math.round(m / 1440) === 1 ? '1 Tag' : `${Math.round(m / 1440)} Tagen`;
  },
  contactRole: {
    'service-delivery-manager': 'Serviceverantwortliche(r)',
    'business-relationship-manager': 'Kundenbeziehungsmanager(in)',
    'service-desk': 'Servicedesk',
    'technical-account-manager': 'Technische(r) Kundenbetreuer(in)',
    'on-call-engineer': 'Bereitschaft',
    'security-officer': 'Sicherheitsbeauftragte(r)',
  },
  serverName: 'Name',
  required: 'Pflichtfeld.',
  paymentNotConfirmed: 'Ihre Bank hat diese Zahlung nicht bestätigt; es wurde nichts abgebucht.',
};
