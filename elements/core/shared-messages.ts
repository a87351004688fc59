import { registerMessages } from './localize.js';
import type { Schemas } from './api-client.js';

/** A contact's ITIL role as the host answers it. */
type ContactRole = Schemas['ContactMatrix']['contacts'][number]['role'];

/**
 * Words several elements share but not all (urgencies, durations, form words): an element
 * imports this module when it uses them, so the others do not carry them.
 */
export const en = {
  billingSystem: 'The billing system',
  urgencyName: { blocker: 'Blocker', critical: 'Critical', major: 'Major', minor: 'Minor' } as Record<string, string>,
  minutes: (m: number) => {
    const [n, unit] = m < 60 ? [m, 'minute'] : m < 1440 ? [Math.round(m / 60), 'hour'] : [Math.round(m / 1440), 'day'];
    return `${n} ${unit}${n === 1 ? '' : 's'}`;
  },
  /**
   * The ITIL roles of the contact matrix's contacts (`gp-contact-matrix`, `gp-help-now`), by
   * the host's role key: every key has words in every language.
   */
  contactRole: {
    'service-delivery-manager': 'Service Delivery Manager',
    'business-relationship-manager': 'Business Relationship Manager',
    'service-desk': 'Service Desk',
    'technical-account-manager': 'Technical Account Manager',
    'on-call-engineer': 'On-call engineer',
    'security-officer': 'Security Officer',
  } satisfies Record<ContactRole, string>,
  serverName: 'Name',
  required: 'Required.',
  /** The bank's check (3-D Secure) failed and the gateway gave no reason. */
  paymentNotConfirmed: 'Your bank did not confirm this payment; nothing was charged.',
};

type SharedMessages = typeof en;
declare module './localize.js' {
  interface Messages extends SharedMessages {}
}

registerMessages(en, { de: () => import('./shared-messages.de.js').then((m) => m.de) });
