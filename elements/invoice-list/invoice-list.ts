import { GpInvoiceList } from './invoice-list.component.js';
import { defineElement } from '../core/define.js';
// The list shows autopay with gp-payment-methods; registered here, not by the component module,
// so importing the classes defines no tag.
import '../payment-methods/payment-methods.js';

defineElement('gp-invoice-list', GpInvoiceList);

export { GpInvoiceList };

declare global {
  interface HTMLElementTagNameMap {
    'gp-invoice-list': GpInvoiceList;
  }
  interface GlobalEventHandlersEventMap {
    'gp-before-pay': CustomEvent<import('./invoice-list.component.js').BeforePayDetail>;
    'gp-invoices-paid': CustomEvent<import('./invoice-list.component.js').InvoicesPaidDetail>;
    'gp-invoice-open': CustomEvent<import('./invoice-list.component.js').InvoiceOpenDetail>;
  }
}
