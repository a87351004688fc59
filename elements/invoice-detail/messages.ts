import { registerMessages } from '../core/localize.js';

/** English messages of `gp-invoice-detail`; other languages load when a page first needs them. */
export const en = {
  idTitle: (n: string) => `Invoice ${n}`,
  invoiceFailed: 'The invoice could not be loaded',
  idIssued: 'Issued',
  idDueDate: 'Due date',
  idBilledTo: 'Billed to',
  idStatus: { draft: 'Draft', open: 'Open', overdue: 'Overdue', paid: 'Paid', void: 'Void' } as Record<string, string>,
  idLines: 'Invoice lines',
  idDescription: 'Description',
  idPeriod: (from: string, to: string) => `Service period ${from} – ${to}`,
  idQuantity: 'Quantity',
  idUnitPrice: 'Unit price',
  idTaxRate: 'Tax rate',
  idAmount: 'Amount',
  idSubtotal: 'Subtotal',
  idTaxAt: (rate: string, net: string) => `Tax ${rate} on ${net}`,
  idTax: 'Tax',
  idTotal: 'Total',
  idPaid: 'Paid',
  idAmountDue: 'Amount due',
  idPayments: 'Payments',
  idNoPayments: 'No payments yet.',
  idPaymentStatus: { succeeded: 'Paid', processing: 'Being processed', failed: 'Failed', refunded: 'Refunded' } as Record<string, string>,
  idPaymentOf: (amount: string, invoices: number) => (invoices > 1 ? `${amount} (for ${invoices} invoices)` : amount),
  idPdf: 'Download PDF',
  idPdfLabel: (n: string) => `Download PDF: invoice ${n}`,
  idPayWith: 'Pay with',
  idNewMethod: 'New card or bank account',
  idLoadingFields: 'Loading the secure payment form…',
  idPay: (amount: string) => `Pay ${amount}`,
  idPaying: 'Paying…',
  idDeclined: 'The card or account was declined. Nothing was saved; try another one.',
  idReceipt: (amount: string, ref: string) => `Paid ${amount}. Receipt ${ref}.`,
  idProcessing: 'Payment received; your provider is recording it.',
  idNeedsBilling: 'Paying invoices needs the billing role. Ask the person who manages billing for your account.',
  idNoInvoice: 'Choose an invoice to see it here.',
};

type InvoiceDetailMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends InvoiceDetailMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
