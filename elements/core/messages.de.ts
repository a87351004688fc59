import type { en } from './messages.js';

export const de: typeof en = {
  loading: 'Wird geladen…',
  retry: 'Erneut versuchen',
  errorTitle: 'Das konnte nicht geladen werden',
  networkError: 'Der Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  forbiddenTitle: 'Keine Berechtigung',
  forbidden: 'Ihr Konto darf dies nicht sehen. Bitten Sie Ihre Administration um Zugriff.',
  noProvider: 'Dieses Element muss innerhalb von <gp-provider> stehen.',
  unavailableTitle: 'Vorübergehend nicht verfügbar',
  urgencyName: { blocker: 'Blocker', critical: 'Kritisch', major: 'Hoch', minor: 'Niedrig' },
  minutes: (m) => {
    if (m < 60) return m === 1 ? '1 Minute' : `${m} Minuten`;
    if (m < 1440) return Math.round(m / 60) === 1 ? '1 Stunde' : `${Math.round(m / 60)} Stunden`;
    return Math.round(m / 1440) === 1 ? '1 Tag' : `${Math.round(m / 1440)} Tagen`;
  },
  back: 'Zurück zu den Tickets',
  serverName: 'Name',
  required: 'Pflichtfeld.',
};
