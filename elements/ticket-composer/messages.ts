import { registerMessages } from '../core/localize.js';

/** English messages of `gp-ticket-composer`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  ticketFailed: 'The ticket could not be opened',
  proposalFailed: 'No urgency could be proposed',
  ticketSystem: 'The support system',
  newTicket: 'New support ticket',
  subject: 'Subject',
  description: 'What happened?',
  service: 'Affected service',
  noService: 'Not about one service',
  urgency: 'Urgency',
  helpMeChoose: 'Help me choose',
  qImmediate: 'Must it be fixed immediately?',
  qMany: 'Is the productivity of many people impaired?',
  qDeadline: 'By when must it be solved?',
  yes: 'Yes',
  no: 'No',
  deadline: { now: 'Right now', today: 'Today', this_week: 'This week', later: 'Later' } as Record<string, string>,
  proposeWhy: 'Answer every question above first.',
  propose: 'Propose an urgency',
  proposal: (level: string, minutes: string) => `Proposed: ${level}. We answer within ${minutes}.`,
  reason: {
    outage_many: 'Work has stopped for many people and it must be fixed now.',
    urgent_few: 'It must be fixed now, though few people are affected.',
    many_soon: 'Many people are affected and it must be solved today.',
    many_later: 'Many people are affected, but it can wait a few days.',
    deadline_today: 'It must be solved today.',
    no_rush: 'It can wait for a planned fix.',
  } as Record<string, string>,
  useProposal: 'Use this urgency',
  suggestions: 'These articles may already answer it',
  send: 'Send ticket',
  sending: 'Sending…',
  ticketCreated: (n: string) => `Ticket ${n} was opened. We will answer here.`,
  ticketCreatedFilesFailed: (n: string) =>
    `Ticket ${n} was opened, but its files could not be attached (attach them in the ticket's thread)`,
  draftKept: 'Your draft is kept on this device until you send it.',
  backToDraft: 'Back to your ticket draft',
  affectedServers: 'Servers',
  otherServices: 'Other services',
  duplicateOpen: (n: string, subject: string) =>
    `Ticket ${n} ("${subject}") about this is still open. Reply there, or send this one anyway.`,
  sendAnyway: 'Send anyway',
  afterTitle: (n: string) => `While you wait for an answer to ${n}`,
};

type TicketComposerMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends TicketComposerMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
