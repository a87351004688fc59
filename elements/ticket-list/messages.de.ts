import type { en } from './messages.js';

export const de: typeof en = {
  ticketsFailed: 'Die Tickets konnten nicht geladen werden',
  supportSystem: 'Das Support-System',
  tickets: 'Support-Tickets',
  noTickets: 'Noch keine Tickets.',
  back: 'Zurück zu den Tickets',
  ticketStatus: { open: 'Offen', in_progress: 'In Bearbeitung', waiting_on_customer: 'Wartet auf Sie', resolved: 'Gelöst', closed: 'Geschlossen' },
  reply: 'Antwort',
  sendReply: 'Antwort senden',
  staff: 'Support',
  changeStatus: 'Status',
};
