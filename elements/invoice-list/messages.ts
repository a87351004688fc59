import { registerMessages } from '../core/localize.js';

/** English messages of `gp-invoice-list`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  payFailed: 'The payment did not go through',
  invoicesFailed: 'Invoices could not be loaded',
  invoices: 'Invoices',
  noInvoices: 'No invoices.',
  sortBy: 'Sort',
  sortOption: { '-issuedOn': 'Newest first', dueOn: 'Due soonest', '-total': 'Largest first' } as Record<string, string>,
  invoiceNumber: 'Invoice',
  issuedOn: 'Issued',
  dueOn: 'Due date',
  amount: 'Amount',
  amountDueLabel: 'Amount due',
  invoiceStatus: { draft: 'Draft', open: 'Open', overdue: 'Overdue', paid: 'Paid', void: 'Void' } as Record<string, string>,
  filterAll: 'All',
  filterLabel: 'Show',
  totalDue: (amount: string) => `Total due: ${amount}`,
  selectInvoice: (n: string) => `Select invoice ${n}`,
  downloadPdf: (n: string) => `Download invoice ${n} as PDF`,
  pdf: 'PDF',
  openInvoice: (n: string) => `Open invoice ${n}`,
  billedTo: (site: string) => `Billed to ${site}`,
  paySelected: (n: number, amount: string) => (n === 1 ? `Pay 1 invoice (${amount})` : `Pay ${n} invoices (${amount})`),
  paidSeparately: (totals: string[]) =>
    `Invoices in different currencies are paid separately, one payment per currency: ${totals.join(' and ')}.`,
  payWith: 'Pay with',
  newMethod: 'New card or bank account',
  loadingFields: 'Loading the secure payment form…',
  setupDeclined: 'The card or account was declined. Nothing was saved; try another one.',
  payNow: 'Pay now',
  paying: 'Paying…',
  receipt: (amount: string, ref: string) => `Paid ${amount}. Receipt ${ref}.`,
  processing: 'Payment received; your provider is recording it.',
  needsBilling: 'Paying invoices needs the billing role. Ask the person who manages billing for your account.',
  serverStatus: 'Status',
};

type InvoiceListMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends InvoiceListMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
