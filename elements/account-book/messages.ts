import { registerMessages } from '../core/localize.js';

/** English messages of `gp-account-book`; hints are worded by the calendar's messages. */
export const en = {
  bookTitle: 'Your accounts',
  bookFailed: 'Your accounts could not be loaded',
  bookSystem: 'The account service',
  bookEmpty: 'No accounts yet.',
  bookCalm: 'Nothing unusual.',
  bookUrgency: { critical: 'Needs attention', warning: 'Worth a look', calm: 'Calm' } as Record<string, string>,
  bookOpen: (name: string) => `Open the calendar of ${name}`,
  bookOpenShort: 'Calendar',
  bookEvidence: 'Show',
  bookEvidenceLabel: (what: string) => `Show the evidence: ${what}`,
  bookHintCount: (n: number) => (n === 1 ? '1 hint' : `${n} hints`),
};

type AccountBookMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends AccountBookMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
