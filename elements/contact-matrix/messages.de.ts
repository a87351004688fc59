import type { en } from './messages.js';

export const de: typeof en = {
  contactsFailed: 'Die Kontakte konnten nicht geladen werden',
  contactSystem: 'Das Kontaktverzeichnis',
  contacts: 'Kontakte',
  project: 'Projekt',
  roleLabel: 'Rolle',
  phone: 'Telefon',
  email: 'E-Mail',
  serviceHours: 'Servicezeiten',
  weekdays: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
  whoNow: 'Wen Sie jetzt erreichen',
  forUrgency: 'Für ein Problem der Stufe',
  callFirst: 'Zuerst',
  thenAfter: (minutes) => `dann, wenn sich innerhalb von ${minutes} niemand meldet`,
  inHours: (time, zone) => `Innerhalb der Servicezeiten (${time}, ${zone}).`,
  outOfHours: (time, zone) => `Außerhalb der Servicezeiten (${time}, ${zone}): der Bereitschaftsweg.`,
  waitForHours: (time, zone, next) =>
    `Außerhalb der Servicezeiten (${time}, ${zone}). Der Service beginnt wieder ${next}; Ihre Anfrage wartet bis dahin.`,
  noMatrix: 'Für Ihr Konto ist noch keine Kontaktmatrix eingerichtet.',
};
