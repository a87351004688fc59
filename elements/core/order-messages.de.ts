import type { en } from './order-messages.js';

export const de: typeof en = {
  orderSystem: 'Das Bestellsystem',
  cancelLabel: (n) => `${n} stornieren?`,
  cancelAsk: (n, type, service) => `${n} (${type} für ${service}) stornieren? Die Änderung wird nicht ausgeführt.`,
  cancelNotCharged: (amount) => `Die ${amount}, die sie gekostet hätte, werden nicht berechnet.`,
  cancelNoCredit: (amount) => `Die Gutschrift von ${amount}, die sie gebracht hätte, entfällt.`,
  cancelNothingCharged: 'Für diese Bestellung wurde noch nichts berechnet, es gibt also nichts zu erstatten.',
  cancelConfirm: 'Ja, Bestellung stornieren',
  cancelKeep: 'Bestellung behalten',
  orderType: { upgrade: 'Upgrade', downgrade: 'Downgrade', renewal: 'Verlängerung', refresh: 'Hardware-Tausch', addon: 'Zusatzleistung' },
  orderState: {
    submitted: 'Eingegangen',
    in_review: 'Bei Ihrer Kundenbetreuung',
    approved: 'Freigegeben',
    provisioning: 'Wird eingerichtet',
    awaiting_delivery: 'Neues Gerät unterwegs',
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
