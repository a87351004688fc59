import { registerMessages } from '../core/localize.js';

/** English messages of `gp-maintenance-banner`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  noticesFailed: 'Status notices could not be loaded',
  statusSystem: 'The status page',
  dismiss: 'Dismiss',
  dismissNotice: (title: string) => `Dismiss notice: ${title}`,
  allClear: 'All systems operational',
  activeShownAbove: (n: number) => (n === 1 ? 'One current notice, shown above.' : `${n} current notices, shown above.`),
  maintenanceRegion: 'Service notices',
  activeIncident: 'Incident',
  activeMaintenance: 'Maintenance in progress',
  upcomingMaintenance: 'Scheduled maintenance',
  platformWide: 'Affects all customers',
  affects: (names: string) => `Affects ${names}`,
  startsAt: (when: string) => `Starts ${when}`,
  window: (from: string, to: string) => `${from} – ${to}`,
  since: (when: string) => `Started ${when}`,
  moreDetails: 'Details',
  /** Marks a notice the status page wrote in another language: `language` is its name in the reader's. */
  writtenIn: (language: string) => `in ${language}`,
  showAll: (n: number) => `Show all ${n} notices`,
  showFewer: 'Show fewer',
  staleNotice: 'Some status information could not be refreshed and may be out of date.',
  status: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
    postmortem: 'Resolved',
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    verifying: 'Verifying',
    completed: 'Completed',
  } as Record<string, string>,
};

type MaintenanceBannerMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends MaintenanceBannerMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
