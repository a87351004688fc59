import type { en } from './messages.js';

export const de: typeof en = {
  articlesFailed: 'Die Artikel konnten nicht geladen werden',
  kbSystem: 'Die Wissensdatenbank',
  kbSearch: 'Wissensdatenbank durchsuchen',
  kbResults: (n) => (n === 1 ? '1 Artikel' : `${n} Artikel`),
  kbNoResults: 'Kein Artikel passt. Versuchen Sie andere Wörter oder eröffnen Sie ein Ticket.',
  kbAll: 'Alle Themen',
  kbCategories: 'Themen',
  updatedOn: (date) => `Aktualisiert am ${date}`,
  kbBack: 'Zurück zu allen Artikeln',
  kbFallback: (language) => `auf ${language}`,
};
