import { registerMessages } from '../core/localize.js';

/** English messages of `gp-help-now` (and the call path the ticket composer shows); other languages load when a page first needs them. */
export const en = {
  helpNow: 'Help now',
  helpNowTitle: 'Who to call right now for a blocker',
  helpNowClose: 'Close',
  callNow: 'Call now',
  helpNowInHours: (time: string, zone: string) => `Service hours now: ${time} (${zone}).`,
  helpNowOnCall: (time: string, zone: string) => `Outside service hours (${time}, ${zone}): on-call answers.`,
  helpNowWaits: (next: string) => `Outside service hours. Service resumes ${next}.`,
  helpNowHours: 'Hours',
  helpNowEscalate: (when: string, left: string) => `No answer by ${when} (in ${left})? Then call:`,
  helpNowEscalateNow: 'No answer yet? Call now:',
  helpNowNoPhone: 'No phone number on file.',
  helpNowNone: 'No contacts have been set up for your account yet.',
  helpNowFailed: 'Who to call could not be loaded',
  helpNowSystem: 'The contact directory',
  answerPromise: (when: string, left: string) => `We answer by ${when}: ${left} left.`,
  answerPromiseDue: (when: string) => `We promised an answer by ${when}. If you have none, call now.`,
};

type HelpNowMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends HelpNowMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
