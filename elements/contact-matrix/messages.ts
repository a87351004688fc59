import { registerMessages } from '../core/localize.js';

/** English messages of `gp-contact-matrix`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  contactsFailed: 'Contacts could not be loaded',
  contactSystem: 'The contact directory',
  contacts: 'Contacts',
  project: 'Project',
  roleLabel: 'Role',
  phone: 'Phone',
  email: 'Email',
  serviceHours: 'Service hours',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  whoNow: 'Who to contact right now',
  forUrgency: 'For a problem that is',
  callFirst: 'Contact first',
  thenAfter: (minutes: string) => `then, if nobody answers within ${minutes}`,
  inHours: (time: string, zone: string) => `Inside service hours (${time}, ${zone}).`,
  outOfHours: (time: string, zone: string) => `Outside service hours (${time}, ${zone}): the on-call path.`,
  waitForHours: (time: string, zone: string, next: string) =>
    `Outside service hours (${time}, ${zone}). Service resumes ${next}; your request waits until then.`,
  noMatrix: 'No contact matrix has been set up for your account yet.',
};

type ContactMatrixMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends ContactMatrixMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
