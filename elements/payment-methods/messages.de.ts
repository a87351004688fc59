import type { en } from './messages.js';

export const de: typeof en = {
  pmTitle: 'Zahlungsmethoden',
  methodsFailed: 'Ihre Zahlungsmethoden konnten nicht geladen werden',
  pmNone: 'Noch keine gespeicherten Karten oder Bankkonten.',
  pmKind: { card: 'Karte', ach: 'US-Bankkonto', sepa: 'SEPA-Bankkonto' },
  pmExpires: (date) => `Gültig bis ${date}`,
  pmExpired: (date) => `Abgelaufen ${date}`,
  pmDefault: 'Standard',
  pmAutopayBadge: 'Automatisch',
  pmMakeDefault: 'Als Standard',
  pmMakeDefaultLabel: (label) => `Als Standard: ${label}`,
  pmRemove: 'Entfernen',
  pmRemoveLabel: (label) => `Entfernen: ${label}`,
  pmRemoveAutopayAsk: (label) =>
    `Die automatische Zahlung bucht von ${label} ab. Wenn Sie die Methode entfernen, wird die automatische Zahlung ausgeschaltet; Rechnungen werden dann nur bezahlt, wenn Sie sie bezahlen.`,
  pmRemoveAutopayConfirm: 'Entfernen und automatische Zahlung ausschalten',
  pmCancel: 'Abbrechen',
  pmRemoved: (label) => `${label} entfernt.`,
  pmDefaultSet: (label) => `${label} ist jetzt die Standardmethode.`,
  pmAdd: 'Karte oder Bankkonto hinzufügen',
  pmAddTitle: 'Neue Karte oder neues Bankkonto',
  pmAddConsent: (provider) =>
    `Wird bei ${provider ?? 'Ihrem Anbieter'} für Ihre Rechnungen gespeichert. Karten- und Kontonummern gehen nur an den Zahlungsdienst; Sie können die Methode hier jederzeit entfernen.`,
  pmMakeDefaultNew: 'Als Standard festlegen',
  pmSave: 'Speichern',
  pmSaving: 'Wird gespeichert…',
  pmAdded: (label) => `${label} gespeichert.`,
  pmLoadingFields: 'Das sichere Zahlungsformular wird geladen…',
  pmDeclined: 'Die Karte oder das Konto wurde abgelehnt. Nichts wurde gespeichert; versuchen Sie es mit einer anderen.',
  pmNeedsBilling:
    'Zum Verwalten der Zahlungsmethoden ist die Rolle Abrechnung nötig. Fragen Sie die Person, die die Abrechnung Ihres Kontos verwaltet.',
  pmAutopay: 'Automatische Zahlung',
  pmAutopayOn: (label) => `An: ${label} wird für jede Rechnung an ihrem Fälligkeitstag belastet.`,
  pmAutopayOff: 'Aus. Rechnungen werden bezahlt, wenn Sie sie bezahlen.',
  pmNext: (date, amount) => `Nächste Abbuchung: ${amount} am ${date}.`,
  pmNothingDue: 'Zurzeit ist nichts fällig; jede neue Rechnung wird an ihrem Fälligkeitstag abgebucht.',
  pmAutopayMethod: 'Abbuchen von',
  pmTurnOn: 'Einschalten…',
  pmSwitch: 'Diese Methode verwenden…',
  pmTurnOff: 'Ausschalten',
  pmNeedsMethod: 'Speichern Sie zuerst eine Karte oder ein Bankkonto; die automatische Zahlung bucht von einer gespeicherten Methode ab.',
  pmConsentTitle: 'Automatische Zahlung bestätigen',
  pmConsentCard: (provider, label) =>
    `Sie erlauben ${provider ?? 'Ihrem Anbieter'}, ${label} für jede Rechnung an ihrem Fälligkeitstag mit deren Betrag zu belasten, bis Sie die automatische Zahlung hier ausschalten.`,
  pmConsentWhen: (date, amount) => `Die erste Abbuchung: ${amount} am ${date}.`,
  pmConsentNothingDue: 'Zurzeit ist nichts fällig; die erste Abbuchung ist die nächste Rechnung, an ihrem Fälligkeitstag.',
  pmMandateSepa: (provider, label) =>
    `Ich ermächtige ${provider ?? 'meinen Anbieter'}, Zahlungen von meinem Konto ${label} mittels SEPA-Lastschrift einzuziehen. Zugleich weise ich mein Kreditinstitut an, die von ${provider ?? 'ihm'} auf mein Konto gezogenen Lastschriften einzulösen. ` +
    'Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.',
  pmMandateAch: (provider, label) =>
    `Mit Ihrer Bestätigung ermächtigen Sie ${provider ?? 'Ihren Anbieter'}, das Bankkonto ${label} per elektronischer Lastschrift (ACH) mit dem Betrag jeder Rechnung an oder nach ihrem Fälligkeitstag zu belasten. ` +
    `Diese Ermächtigung gilt, bis Sie sie widerrufen. Sie können sie jederzeit widerrufen, indem Sie die automatische Zahlung hier ausschalten oder das Konto entfernen, oder indem Sie sich an ${provider ?? 'Ihren Anbieter'} wenden; ` +
    'der Widerruf gilt für Lastschriften, die noch nicht veranlasst sind. Wird eine Lastschrift zurückgegeben, kann Ihre Bank eine Gebühr berechnen.',
  pmConfirm: 'Automatische Zahlung bestätigen',
  pmConfirmMandate: 'Ich erteile diese Ermächtigung',
  pmAutopayEnabled: 'Die automatische Zahlung ist an.',
  pmAutopayDisabled: 'Die automatische Zahlung ist aus.',
};
