import { registerMessages } from '../core/localize.js';

/** English messages of `gp-activity-log`; other languages load when a page first needs them. */
export const en = {
  activityTitle: 'Activity',
  activityFailed: 'The activity could not be loaded',
  activitySystem: 'The activity log',
  activityFilters: 'Filter the activity',
  activityKind: 'What',
  activityUser: 'Who',
  activityFrom: 'From',
  activityTo: 'To',
  activityAll: 'All',
  activityExport: 'Export CSV',
  activityExportFailed: (why: string) => `The export did not work: ${why}`,
  activityEmpty: 'Nothing happened on this account in this view yet.',
  activityEmptyFiltered: 'No activity matches these filters.',
  activityColumnWhen: 'When',
  activityColumnWho: 'Who',
  activityColumnWhat: 'What',
  activityColumnSource: 'From address',
  activityPages: (page: number, pages: number, total: number) => `Page ${page} of ${pages} · ${total} entries`,
  activityPrevious: 'Previous page',
  activityNext: 'Next page',
  activityKinds: { server: 'Servers', payment: 'Payments', payment_method: 'Payment methods', payment_setup: 'Card entry', autopay: 'Autopay', order: 'Orders', ticket: 'Tickets', pci: 'PCI checklist', kb: 'Help articles' } as Record<string, string>,
  /** Known actions in words; others are shown as the host names them. */
  activityActions: {
    'server.start': 'Server started',
    'server.stop': 'Server stopped',
    'server.reboot': 'Server rebooted',
    'server.create': 'Server created',
    'payment.started': 'Payment started',
    'payment.succeeded': 'Payment succeeded',
    'payment.failed': 'Payment failed',
    'payment_method.added': 'Payment method added',
    'payment_method.default': 'Default payment method changed',
    'payment_method.removed': 'Payment method removed',
    'autopay.enabled': 'Autopay switched on',
    'autopay.disabled': 'Autopay switched off',
    'order.placed': 'Order placed',
    'order.cancelled': 'Order cancelled',
    'ticket.created': 'Ticket opened',
    'ticket.replied': 'Ticket answered',
    'ticket.attachments_added': 'Files attached to a ticket',
    'pci.status_changed': 'PCI item status changed',
    'pci.attested': 'PCI item attested by the provider',
    'pci.reviewed': 'PCI checklist reviewed',
  } as Record<string, string>,
};

type ActivityLogMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends ActivityLogMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
