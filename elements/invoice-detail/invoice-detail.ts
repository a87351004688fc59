import { GpInvoiceDetail } from './invoice-detail.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-invoice-detail', GpInvoiceDetail);

export { GpInvoiceDetail };

declare global {
  interface HTMLElementTagNameMap {
    'gp-invoice-detail': GpInvoiceDetail;
  }
  interface GlobalEventHandlersEventMap {
    'gp-before-pay': CustomEvent<import('../invoice-list/invoice-list.component.js').BeforePayDetail>;
    'gp-invoices-paid': CustomEvent<import('../invoice-list/invoice-list.component.js').InvoicesPaidDetail>;
  }
}
