import type { en } from './messages.js';

export const de: typeof en = {
  ordersFailed: 'Die Bestellungen konnten nicht geladen werden',
  ordersTitle: 'Ihre Bestellungen',
  noOrders: 'Noch keine Bestellungen. Bestellte Tarifänderungen erscheinen hier mit jedem Schritt.',
  orderHeading: (n, type, service) => `${n}: ${type}, ${service}`,
  placedOn: (when, who) => `Bestellt ${when} von ${who}`,
  progress: 'Fortschritt',
  yourTurn: 'Was Sie tun müssen',
  attestIntro:
    'Löschen Sie vor der Rücksendung die Datenträger des Geräts und bestätigen Sie es hier. Wir nehmen das Gerät nur mit dieser Bestätigung an.',
  attestCheck: 'Ich bestätige, dass alle Daten auf diesem Gerät gelöscht wurden.',
  attestStatement: 'Wie wurde gelöscht? (optional)',
  attestSend: 'Löschung bestätigen',
  attestNeedsRole: 'Die Bestätigung erfordert die Rolle „technical“ oder „billing“.',
  attested: (who, when) => `Löschung bestätigt von ${who} am ${when}.`,
  shipIntro: 'Verpacken Sie das Gerät, bringen Sie das Etikett an und übergeben Sie es dem Versanddienst.',
  downloadLabel: 'Rücksendeetikett herunterladen (PDF)',
  tracking: (carrier, number) => `${carrier}, Sendungsnummer ${number}`,
  received: (when) => `Wir haben das Gerät am ${when} erhalten.`,
  deliveryPreparing: (model) =>
    `Ihr neues ${model} wird für den Versand vorbereitet. Ihr Vertrag bleibt bis zur Ankunft beim jetzigen Gerät.`,
  deliveryShipped: (model, carrier, number) =>
    `Ihr neues ${model} ist unterwegs: ${carrier}, Sendungsnummer ${number}. Ihr Vertrag geht bei Ankunft auf das neue Gerät über.`,
  deliveryDone: (model, when) => `Ihr neues ${model} wurde am ${when} geliefert.`,
  fromManager: 'Von Ihrer Kundenbetreuung',
  cancelOrder: 'Bestellung stornieren',
  cancelled: 'Die Bestellung wurde storniert.',
  questionsTitle: 'Ihre Fragen an die Kundenbetreuung',
  answered: 'Beantwortet',
  waitingAnswer: 'Wartet auf Antwort',
  mustConfirm: 'Setzen Sie das Häkchen zur Bestätigung.',
};
