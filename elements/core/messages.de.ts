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
};
