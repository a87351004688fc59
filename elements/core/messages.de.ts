import type { en } from './messages.js';

export const de: typeof en = {
  loading: 'Wird geladen…',
  retry: 'Erneut versuchen',
  networkError: 'Der Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  forbidden: 'Ihr Konto darf dies nicht sehen. Bitten Sie Ihre Administration um Zugriff.',
  originNotAllowed:
    'Diese Website darf dieses Portal-Element nicht verwenden. Der Anbieter legt fest, welche Websites es einbinden dürfen.',
  noProvider: 'Dieses Element muss innerhalb von <gp-provider> stehen.',
  unreachable: (system) => `${system} ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.`,
  serverError: 'Bei uns ist etwas schiefgegangen. Versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an den Support.',
  requestRefused: (status) =>
    `Die Anfrage wurde abgelehnt (HTTP ${status}). Versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an den Support.`,
};
