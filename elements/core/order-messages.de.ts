import type { en } from './order-messages.js';

export const de: typeof en = {
  orderSystem: 'Das Bestellsystem',
  orderType: { upgrade: 'Upgrade', downgrade: 'Downgrade', renewal: 'Verlängerung', refresh: 'Hardware-Tausch', addon: 'Zusatzleistung' },
  orderState: {
    submitted: 'Eingegangen',
    in_review: 'Bei Ihrer Kundenbetreuung',
    approved: 'Freigegeben',
    provisioning: 'Wird eingerichtet',
    awaiting_device_return: 'Wartet auf die Rücksendung des Geräts',
    device_received: 'Gerät eingegangen',
    completed: 'Abgeschlossen',
    cancelled: 'Storniert',
    rejected: 'Abgelehnt',
  },
  reviewReason: {
    type_mismatch: 'Die Änderung passt nicht zur gewählten Art der Bestellung.',
    contraction: 'Sie senkt Ihren Preis.',
    hardware: 'Es wird Hardware versandt.',
    large_amount: 'Der Betrag ist hoch.',
  },
};
