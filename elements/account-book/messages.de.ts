import type { en } from './messages.js';

export const de: typeof en = {
  bookTitle: 'Ihre Konten',
  bookFailed: 'Ihre Konten konnten nicht geladen werden',
  bookSystem: 'Der Kontendienst',
  bookEmpty: 'Noch keine Konten.',
  bookCalm: 'Nichts Ungewöhnliches.',
  bookUrgency: { critical: 'Braucht Aufmerksamkeit', warning: 'Einen Blick wert', calm: 'Ruhig' },
  bookOpen: (name) => `Kalender von ${name} öffnen`,
  bookOpenShort: 'Kalender',
  bookEvidence: 'Zeigen',
  bookEvidenceLabel: (what) => `Beleg zeigen: ${what}`,
  bookHintCount: (n) => (n === 1 ? '1 Hinweis' : `${n} Hinweise`),
};
