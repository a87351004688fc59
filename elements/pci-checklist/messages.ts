import { registerMessages } from '../core/localize.js';

/** English messages of `gp-pci-checklist`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  pciFailed: 'The PCI checklist could not be loaded',
  pciSystem: 'The compliance service',
  pciTitle: (version: string) => `PCI DSS v${version} checklist`,
  pciProgress: (done: number, total: number) => `${done} of ${total} in place or not applicable`,
  requirementProgress: (done: number, total: number) => `${done} of ${total}`,
  print: 'Print',
  exportCsv: 'Export for your assessor (CSV)',
  filterStatus: 'Status',
  filterResponsibility: 'Who',
  filterSaq: 'SAQ type',
  filterAny: 'All',
  onlyChanged: 'Only changed since my review',
  itemStatus: { not_started: 'Not started', in_progress: 'In progress', in_place: 'In place', not_applicable: 'Not applicable' } as Record<
    string,
    string
  >,
  responsibility: { provider: 'Your provider', customer: 'You', shared: 'Shared' } as Record<string, string>,
  responsibilityLabel: (who: string) => `Responsible: ${who}`,
  saqLabel: (types: string) => `SAQ: ${types}`,
  changedBadge: 'Changed since your last review',
  whatItMeans: 'What it means',
  howToFix: 'How to fix it',
  owner: 'Owner',
  reasonNa: 'Why it does not apply',
  evidence: 'Evidence notes',
  links: 'Evidence links (one per line)',
  save: 'Save',
  saved: (id: string) => `${id} saved.`,
  markReviewed: 'Mark as reviewed',
  markItemReviewed: 'Mark this item as reviewed',
  reviewRecorded: 'Your review is recorded; from now on "Only changed since my review" shows what changes after it.',
  lastReviewed: (when: string, who: string) => `Last reviewed ${when} by ${who}`,
  neverReviewed: 'Not reviewed yet',
  lastChanged: (when: string, who: string) => `Last changed ${when} by ${who}`,
  noMatch: 'No item matches these filters.',
  expandAll: 'Expand all',
  collapseAll: 'Collapse all',
  chip: (label: string, count: number) => `${label} (${count})`,
  reasonRequired: 'Say why this requirement does not apply to you; an assessor will ask.',
  providerPart: "Your provider's part",
  yourPart: 'Your part',
  yourProvider: 'your provider',
  attestedBy: (provider: string, when: string) => `Attested by ${provider} on ${when}`,
  attestedPerson: (who: string) => `Signed by ${who}`,
  noteWrittenIn: (language: string) => `(written in ${language})`,
  attestationEvidence: 'Evidence',
  pciNotAttested: 'Your provider has not attested this item yet.',
  providerOnly: 'Your provider is responsible for this item; there is nothing for you to set.',
  attestNote: 'What the provider does (the customer reads this)',
  attestLink: 'Evidence link (optional)',
  attest: 'Attest',
  attestSaved: (id: string) => `${id} attested.`,
  attestNoteRequired: 'Say what the provider does for this item.',
};

type PciChecklistMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends PciChecklistMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
