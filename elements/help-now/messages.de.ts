import type { en } from './messages.js';

export const de: typeof en = {
  helpNow: 'Hilfe jetzt',
  helpNowTitle: 'Wen Sie bei einem Blocker jetzt anrufen',
  helpNowClose: 'Schließen',
  callNow: 'Jetzt anrufen',
  helpNowInHours: (time, zone) => `Jetzt Servicezeit: ${time} (${zone}).`,
  helpNowOnCall: (time, zone) => `Außerhalb der Servicezeit (${time}, ${zone}): Die Bereitschaft antwortet.`,
  helpNowWaits: (next) => `Außerhalb der Servicezeit. Der Service beginnt wieder ${next}.`,
  helpNowHours: 'Servicezeit',
  helpNowEscalate: (when, left) => `Keine Antwort bis ${when} (in ${left})? Dann anrufen:`,
  helpNowEscalateNow: 'Noch keine Antwort? Jetzt anrufen:',
  helpNowNoPhone: 'Keine Telefonnummer hinterlegt.',
  helpNowNone: 'Für Ihr Konto sind noch keine Kontakte eingerichtet.',
  helpNowFailed: 'Die Ansprechpartner konnten nicht geladen werden',
  helpNowSystem: 'Das Kontaktverzeichnis',
  answerPromise: (when, left) => `Wir antworten bis ${when}: noch ${left}.`,
  answerPromiseDue: (when) => `Wir haben bis ${when} eine Antwort versprochen. Wenn Sie keine haben, rufen Sie jetzt an.`,
};
