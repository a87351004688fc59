import { GpInvoiceList } from './invoice-list.component.js';
import { defineElement } from '../core/define.js';

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
