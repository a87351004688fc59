import { GpInvoiceDetail } from './invoice-detail.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-invoice-detail', GpInvoiceDetail);

export { GpInvoiceDetail };

declare global {
  interface HTMLElementTagNameMap {
    'gp-invoice-detail': GpInvoiceDetail;
  }
}
